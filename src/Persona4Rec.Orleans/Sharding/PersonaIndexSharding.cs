using System.Globalization;
using System.IO.Hashing;

namespace Persona4Rec.Cluster;

/// <summary>Splits a persona index into shard files by item, and opens one shard of a split index.</summary>
public static class PersonaIndexSharding
{
    /// <summary>
    /// Splits an index into <paramref name="shardCount"/> shard files with
    /// <see cref="PersonaShardFunction"/>, and writes <c>manifest.json</c> last. Every shard keeps
    /// its items' stored vectors bit for bit, the alignment layer and the vector encoding, so a
    /// shard's scores equal the whole index's scores for the same items.
    /// </summary>
    /// <param name="index">The index to split. A quantised index must keep its float32 vectors (it is re-encoded per shard).</param>
    /// <param name="shardCount">The number of shards, at least 1.</param>
    /// <param name="version">The version number of this index, non-negative; roll-outs need increasing versions.</param>
    /// <param name="directory">The folder for this version's files (created if missing); use a new folder per version.</param>
    /// <returns>The manifest, also saved as <c>manifest.json</c> in <paramref name="directory"/>.</returns>
    /// <remarks>Cost: one copy of each item's vectors and one write of each shard file.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardCount"/> is less than 1 or <paramref name="version"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">The index is quantised and keeps no float32 vectors.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static PersonaShardManifest Split(PersonaIndex index, int shardCount, long version, string directory)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);

        var owned = new List<string>[shardCount];
        for (int s = 0; s < shardCount; s++)
        {
            owned[s] = [];
        }

        for (int item = 0; item < index.ItemCount; item++)
        {
            string id = index.GetItemId(item);
            owned[PersonaShardFunction.ShardOf(id, shardCount)].Add(id);
        }

        var shards = new PersonaShardFile[shardCount];
        for (int s = 0; s < shardCount; s++)
        {
            if (owned[s].Count == 0)
            {
                shards[s] = new PersonaShardFile(s, null, 0, 0, 0, string.Empty);
                continue;
            }

            var mine = new HashSet<string>(owned[s], StringComparer.Ordinal);
            IEnumerable<string> others = Enumerable.Range(0, index.ItemCount).Select(index.GetItemId).Where(id => !mine.Contains(id));
            PersonaIndex shard = index.WithChanges([], others);
            string fileName = string.Create(CultureInfo.InvariantCulture, $"shard-{s:D4}-of-{shardCount:D4}.p4r");
            string path = Path.Combine(directory, fileName);
            shard.Save(path);
            shards[s] = new PersonaShardFile(s, fileName, shard.ItemCount, shard.PersonaCount, new FileInfo(path).Length, ChecksumOf(path));
        }

        var manifest = new PersonaShardManifest(
            PersonaShardManifest.CurrentFormatVersion, version, shardCount, index.Dimension, index.EncoderModelId, index.TemplateId, index.ItemCount, index.PersonaCount, shards);
        manifest.Save(Path.Combine(directory, PersonaShardManifest.FileName));
        return manifest;
    }

    /// <summary>
    /// Opens one shard of a split index and checks it against the manifest: file length, checksum
    /// (when asked; this reads the whole file), dimension, encoder, item and persona counts.
    /// </summary>
    /// <param name="manifestPath">The manifest file.</param>
    /// <param name="manifest">The manifest read from <paramref name="manifestPath"/>.</param>
    /// <param name="shard">The shard number.</param>
    /// <param name="memoryMap">Whether to memory-map the file (<see cref="PersonaIndex.OpenMapped"/>) rather than load it.</param>
    /// <param name="verifyChecksum">Whether to hash the whole file and compare with the manifest.</param>
    /// <returns>The shard's index, or <see langword="null"/> for a shard that owns no item.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="manifest"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shard"/> is out of range.</exception>
    /// <exception cref="PersonaShardManifestException">The file does not match the manifest.</exception>
    /// <exception cref="PersonaIndexFormatException">The file is not a valid index.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static PersonaIndex? OpenShard(string manifestPath, PersonaShardManifest manifest, int shard, bool memoryMap = true, bool verifyChecksum = true)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        string? path = manifest.GetShardPath(manifestPath, shard);
        if (path is null)
        {
            return null;
        }

        PersonaShardFile expected = manifest.Shards[shard];
        string Fail(string what) => string.Create(CultureInfo.InvariantCulture, $"Shard {shard} of version {manifest.Version} ('{path}'): {what}");
        long length = new FileInfo(path).Length;
        if (length != expected.Length)
        {
            throw new PersonaShardManifestException(Fail($"the manifest says {expected.Length} bytes; the file has {length}."));
        }

        if (verifyChecksum && ChecksumOf(path) is var actual && !string.Equals(actual, expected.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            throw new PersonaShardManifestException(Fail($"checksum mismatch: the manifest says {expected.Checksum}; the file hashes to {actual}."));
        }

        PersonaIndex index = memoryMap ? PersonaIndex.OpenMapped(path) : PersonaIndex.Load(path);
        if (index.Dimension != manifest.Dimension || index.ItemCount != expected.ItemCount || index.PersonaCount != expected.PersonaCount
            || index.EncoderModelId != manifest.EncoderModelId || index.TemplateId != manifest.TemplateId)
        {
            throw new PersonaShardManifestException(Fail(
                $"the manifest says dimension {manifest.Dimension}, {expected.ItemCount} items, {expected.PersonaCount} personas, encoder '{manifest.EncoderModelId}', template '{manifest.TemplateId}'; " +
                $"the file holds dimension {index.Dimension}, {index.ItemCount} items, {index.PersonaCount} personas, encoder '{index.EncoderModelId}', template '{index.TemplateId}'."));
        }

        return index;
    }

    /// <summary>The XxHash64 of a whole file, as 16 lowercase hex digits.</summary>
    internal static string ChecksumOf(string path)
    {
        var hash = new XxHash64();
        using (FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16))
        {
            hash.Append(stream);
        }

        return Convert.ToHexStringLower(hash.GetCurrentHash());
    }
}
