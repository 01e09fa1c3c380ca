using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;

namespace Persona4Rec;

/// <summary>
/// The names of Persona4Rec's metrics and traces, for configuring collectors. The library uses
/// only <see cref="System.Diagnostics"/> (no OpenTelemetry dependency): add
/// <see cref="SourceName"/> to an OpenTelemetry meter provider with <c>AddMeter</c> and to a
/// tracer provider with <c>AddSource</c>. Nothing is measured while nobody listens.
/// </summary>
/// <remarks>
/// Instruments live on the request and offline paths that do real work: the recommender (one
/// search or rerank), the encoder (one call to the embedding generator) and the generation
/// pipeline (one item). <see cref="PersonaIndex"/> itself is not instrumented: a rerank takes
/// microseconds, and callers that use it directly time it where they call it.
/// </remarks>
public static class Persona4RecTelemetry
{
    /// <summary>The name of the library's <see cref="System.Diagnostics.Metrics.Meter"/> and <see cref="System.Diagnostics.ActivitySource"/>: <c>Persona4Rec</c>.</summary>
    public const string SourceName = "Persona4Rec";

    /// <summary>Histogram, seconds: the duration of one recommender call (rerank or full-catalogue search), profile vector included. Tag <see cref="OperationTag"/>.</summary>
    public const string SearchDuration = "persona4rec.search.duration";

    /// <summary>Counter, items: candidates scored by reranks, and catalogue items scanned by searches. Tag <see cref="OperationTag"/>.</summary>
    public const string CandidatesScored = "persona4rec.candidates.scored";

    /// <summary>Histogram, seconds: the duration of one call to the embedding generator. Tag <see cref="InputKindTag"/>.</summary>
    public const string EncoderBatchDuration = "persona4rec.encoder.batch.duration";

    /// <summary>Counter, texts: texts sent to the embedding generator. Tag <see cref="InputKindTag"/>.</summary>
    public const string EncoderTexts = "persona4rec.encoder.texts";

    /// <summary>Counter, items: items processed by the generation pipeline. Tag <see cref="OutcomeTag"/>.</summary>
    public const string GenerationItems = "persona4rec.generation.items";

    /// <summary>Tag: <c>rerank</c> or <c>search</c>.</summary>
    public const string OperationTag = "persona4rec.operation";

    /// <summary>Tag: <c>query</c> (user interactions) or <c>passage</c> (personas).</summary>
    public const string InputKindTag = "persona4rec.input_kind";

    /// <summary>Tag: <c>generated</c>, <c>skipped</c> (found in the checkpoint) or <c>failed</c>.</summary>
    public const string OutcomeTag = "persona4rec.outcome";

    /// <summary>Activity name of one recommender rerank.</summary>
    public const string RerankActivity = "Persona4Rec.Rerank";

    /// <summary>Activity name of one full-catalogue search by the recommender.</summary>
    public const string SearchActivity = "Persona4Rec.Search";

    /// <summary>Activity name of one call to the embedding generator.</summary>
    public const string EncodeActivity = "Persona4Rec.Encode";

    /// <summary>Counter name: what the LLM persona generator did per call, by <see cref="LlmEventTag"/> (request, transient_retry, repair, length_retry, trimmed_persona, dropped_persona, json_mode_fallback).</summary>
    public const string LlmEvents = "persona4rec.llm.events";

    /// <summary>Counter name: tokens the LLM reported, by <see cref="TokenTypeTag"/> (input, output).</summary>
    public const string LlmTokens = "persona4rec.llm.tokens";

    /// <summary>Tag on <see cref="LlmEvents"/>: which event.</summary>
    public const string LlmEventTag = "persona4rec.llm.event";

    /// <summary>Tag on <see cref="LlmTokens"/>: input or output.</summary>
    public const string TokenTypeTag = "persona4rec.token.type";

    /// <summary>Activity name of generating one item's personas.</summary>
    public const string GenerateItemActivity = "Persona4Rec.GenerateItem";

    private static readonly string? Version = typeof(Persona4RecTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    internal static readonly ActivitySource ActivitySource = new(SourceName, Version);

    internal static readonly Meter Meter = new(SourceName, Version);

    internal static readonly Histogram<double> SearchSeconds = Meter.CreateHistogram<double>(SearchDuration, "s", "Duration of one recommender rerank or search.");

    internal static readonly Counter<long> Scored = Meter.CreateCounter<long>(CandidatesScored, "{item}", "Candidates scored by reranks and items scanned by searches.");

    internal static readonly Histogram<double> EncoderSeconds = Meter.CreateHistogram<double>(EncoderBatchDuration, "s", "Duration of one call to the embedding generator.");

    internal static readonly Counter<long> EncodedTexts = Meter.CreateCounter<long>(EncoderTexts, "{text}", "Texts sent to the embedding generator.");

    internal static readonly Counter<long> GeneratedItems = Meter.CreateCounter<long>(GenerationItems, "{item}", "Items processed by the persona generation pipeline, by outcome.");

    internal static readonly Counter<long> LlmEventCount = Meter.CreateCounter<long>(LlmEvents, "{event}", "LLM requests, retries, re-asks and local repairs of the persona generator, by event.");

    internal static readonly Counter<long> LlmTokenCount = Meter.CreateCounter<long>(LlmTokens, "{token}", "Tokens the LLM reported for the persona generator's calls, by type.");

    internal static double SecondsSince(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
