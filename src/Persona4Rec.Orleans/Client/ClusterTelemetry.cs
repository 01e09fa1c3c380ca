using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Persona4Rec.Cluster;

/// <summary>
/// The cluster client's traces and metrics, under the same names as the rest of the library
/// (<see cref="Persona4RecTelemetry.SourceName"/>): one activity per search or rerank, and its
/// duration by operation and outcome. Nothing is measured while nobody listens.
/// </summary>
internal static class ClusterTelemetry
{
    /// <summary>Activity name of one cluster search (every shard asked).</summary>
    public const string SearchActivity = "Persona4Rec.ClusterSearch";

    /// <summary>Activity name of one cluster rerank (the owning shards asked).</summary>
    public const string ScoreActivity = "Persona4Rec.ClusterScore";

    /// <summary>Histogram name: the duration of one cluster call, retries included, in seconds.</summary>
    public const string Duration = "persona4rec.cluster.duration";

    private static readonly string? Version = typeof(ClusterTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    public static readonly ActivitySource ActivitySource = new(Persona4RecTelemetry.SourceName, Version);

    private static readonly Meter Meter = new(Persona4RecTelemetry.SourceName, Version);

    private static readonly Histogram<double> Seconds = Meter.CreateHistogram<double>(Duration, "s", "Duration of one cluster search or rerank, retries included.");

    public static void Record(string operation, string outcome, TimeSpan elapsed) =>
        Seconds.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>(Persona4RecTelemetry.OperationTag, operation),
            new KeyValuePair<string, object?>(Persona4RecTelemetry.OutcomeTag, outcome));
}
