using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Persona4Rec.Cluster;

/// <summary>
/// Describes one version of a sharded index: the shard count, the index's identity and one entry
/// per shard file. Written by <see cref="PersonaIndexSharding.Split"/> as <c>manifest.json</c> next
/// to the shard files; the folder is one immutable version (write version v+1 to a new folder).
/// </summary>
/// <param name="FormatVersion">The manifest format, <see cref="CurrentFormatVersion"/>.</param>
/// <param name="Version">The index version; every request to the cluster names it.</param>
/// <param name="ShardCount">The number of shards; the shard function is applied modulo this.</param>
/// <param name="Dimension">The vector dimension every shard shares.</param>
/// <param name="EncoderModelId">The encoder the vectors came from.</param>
/// <param name="TemplateId">The persona text template.</param>
/// <param name="ItemCount">The items over all shards.</param>
/// <param name="PersonaCount">The personas over all shards.</param>
/// <param name="Shards">One entry per shard, in shard order.</param>
public sealed record PersonaShardManifest(
    int FormatVersion,
    long Version,
    int ShardCount,
    int Dimension,
    string EncoderModelId,
    string TemplateId,
    int ItemCount,
    int PersonaCount,
    IReadOnlyList<PersonaShardFile> Shards)
{
    /// <summary>The manifest format this library writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The manifest's file name inside a version folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>Reads and validates a manifest.</summary>
    /// <param name="path">The manifest file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="PersonaShardManifestException">The file does not exist or is not a valid manifest; the message says what is wrong.</exception>
    public static PersonaShardManifest Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        PersonaShardManifest? manifest;
        if (Persona4Rec.Internal.RegularFile.Problem(path) is { } problem)
        {
            throw new PersonaShardManifestException($"The shard manifest '{path}' {problem}.");
        }

        try
        {
            using FileStream stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize(stream, ManifestJsonContext.Default.PersonaShardManifest);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new PersonaShardManifestException($"The shard manifest '{path}' does not exist.", e);
        }
        catch (JsonException e)
        {
            throw new PersonaShardManifestException($"'{path}' is not a shard manifest: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new PersonaShardManifestException($"'{path}' is not a shard manifest: it holds null.");
        }

        manifest.Validate(path);
        return manifest;
    }

    /// <summary>Writes the manifest atomically (a temporary file renamed over <paramref name="path"/>).</summary>
    /// <param name="path">The manifest file; its folder must exist.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string temporary = path + ".tmp";
        using (FileStream stream = File.Create(temporary))
        {
            JsonSerializer.Serialize(stream, this, ManifestJsonContext.Default.PersonaShardManifest);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Returns the full path of a shard's file, or <see langword="null"/> for an empty shard.</summary>
    /// <param name="manifestPath">The path this manifest was read from.</param>
    /// <param name="shard">The shard number.</param>
    /// <returns>The shard file's full path, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is outside [0, <see cref="ShardCount"/>).</exception>
    public string? GetShardPath(string manifestPath, int shard)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, ShardCount);
        string? fileName = Shards[shard].FileName;
        return fileName is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!, fileName);
    }

    private void Validate(string path)
    {
        string Fail(string what) => string.Create(CultureInfo.InvariantCulture, $"Shard manifest '{path}': {what}");
        if (FormatVersion != CurrentFormatVersion)
        {
            throw new PersonaShardManifestException(Fail($"format version {FormatVersion}; this library reads version {CurrentFormatVersion}."));
        }

        if (ShardCount < 1 || Dimension < 1 || Version < 0 || EncoderModelId is null || TemplateId is null || Shards is null)
        {
            throw new PersonaShardManifestException(Fail($"expected a shard count and dimension of at least 1, a non-negative version and all fields; found shard count {ShardCount}, dimension {Dimension}, version {Version}."));
        }

        if (Shards.Count != ShardCount)
        {
            throw new PersonaShardManifestException(Fail($"the shard count is {ShardCount} but {Shards.Count} shard entries are listed."));
        }

        long items = 0, personas = 0;
        for (int i = 0; i < Shards.Count; i++)
        {
            PersonaShardFile shard = Shards[i] ?? throw new PersonaShardManifestException(Fail($"shard entry {i} is null."));
            if (shard.Shard != i)
            {
                throw new PersonaShardManifestException(Fail($"entry {i} describes shard {shard.Shard}; entries must be in shard order."));
            }

            bool empty = shard.FileName is null;
            if (empty != (shard.ItemCount == 0) || (!empty && (Path.IsPathRooted(shard.FileName!) || shard.FileName!.Contains("..", StringComparison.Ordinal) || shard.Checksum is not { Length: 16 })))
            {
                throw new PersonaShardManifestException(Fail($"shard {i} must name a file inside the manifest's folder with a 16-digit checksum when it owns items, and none when it owns none; found file '{shard.FileName}', {shard.ItemCount} items."));
            }

            items += shard.ItemCount;
            personas += shard.PersonaCount;
        }

        if (items != ItemCount || personas != PersonaCount)
        {
            throw new PersonaShardManifestException(Fail($"the shards hold {items} items and {personas} personas; the manifest says {ItemCount} and {PersonaCount}."));
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PersonaShardManifest))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
