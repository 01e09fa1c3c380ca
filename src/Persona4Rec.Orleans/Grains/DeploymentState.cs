using System.Text.Json;
using System.Text.Json.Serialization;

namespace Persona4Rec.Cluster;

/// <summary>Whether a version is being loaded, serving, or retired.</summary>
internal enum DeploymentStatus
{
    Loading,
    Serving,
    Retired,
}

/// <summary>One version a coordinator knows.</summary>
internal sealed record DeployedVersion(PersonaIndexVersionInfo Info, DeploymentStatus Status);

/// <summary>A coordinator's durable state: the versions it knows and the current one. Replaced whole, never mutated.</summary>
internal sealed record DeploymentState(long? CurrentVersion, IReadOnlyList<DeployedVersion> Versions)
{
    public static readonly DeploymentState Empty = new(null, []);

    public DeployedVersion? Find(long version) => Versions.FirstOrDefault(v => v.Info.Version == version);

    public DeploymentState With(PersonaIndexVersionInfo info, DeploymentStatus status, long? currentVersion) =>
        new(currentVersion, [.. Versions.Where(v => v.Info.Version != info.Version), new DeployedVersion(info, status)]);

    public static DeploymentState Read(string path)
    {
        if (!File.Exists(path))
        {
            return Empty;
        }

        Persona4Rec.Internal.RegularFile.Require(path, "deployment state file");
        using FileStream stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, DeploymentJsonContext.Default.DeploymentState) ?? Empty;
    }

    /// <summary>Writes atomically: a reader (or a coordinator reactivated elsewhere) sees the old or the new state.</summary>
    public void Write(string path)
    {
        string temporary = path + ".tmp";
        using (FileStream stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, this, DeploymentJsonContext.Default.DeploymentState);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(DeploymentState))]
internal sealed partial class DeploymentJsonContext : JsonSerializerContext;
