using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace Persona4Rec.Offline;

/// <summary>
/// A persistent <see cref="IDistributedCache"/> in a folder: one file per key, for
/// Microsoft.Extensions.AI's <c>DistributedCachingEmbeddingGenerator</c>, so that every text is
/// encoded once across runs of the offline steps (the tool keeps one under its output folder).
/// </summary>
/// <remarks>
/// <para>
/// Each entry is written to a temporary file, flushed, and renamed into place, so a killed process
/// leaves either the old entry, the new one, or none — never half of one. Each entry carries its
/// length and an XxHash3-64 checksum of its key and value: an entry that is truncated, corrupt or
/// was written for another key is deleted and reported as a miss, so the caller computes the value
/// again; it is never returned. Concurrent writers (threads or processes) of the same key write the
/// same value and the last rename wins.
/// </para>
/// <para>Expiration options are ignored: entries live until the folder is deleted. Refresh does nothing.</para>
/// </remarks>
public sealed class FileDistributedCache : IDistributedCache
{
    private const int HeaderLength = 24; // magic (8), value length (8), checksum (8)
    private static readonly byte[] Magic = "P4RCACH1"u8.ToArray();
    private readonly string _folder;

    /// <summary>Creates the cache in <paramref name="folder"/> (created if missing).</summary>
    /// <param name="folder">Where the entries live; share it only between generators whose cache keys cannot collide (include the model id in the key).</param>
    /// <exception cref="ArgumentException"><paramref name="folder"/> is null or empty.</exception>
    public FileDistributedCache(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(_folder);
    }

    /// <inheritdoc/>
    public byte[]? Get(string key)
    {
        string path = PathOf(key);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (Verified(key, bytes) is { } value)
        {
            return value;
        }

        // Truncated, corrupt or another key's: never returned; removed so the recomputed value replaces it.
        TryDelete(path);
        return null;
    }

    /// <inheritdoc/>
    public Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        return Task.FromResult(Get(key));
    }

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        string path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        byte[] entry = new byte[HeaderLength + value.Length];
        Magic.CopyTo(entry, 0);
        BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(8), value.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(16), Checksum(key, value));
        value.CopyTo(entry, HeaderLength);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(entry);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <inheritdoc/>
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Refresh(string key)
    {
    }

    /// <inheritdoc/>
    public Task RefreshAsync(string key, CancellationToken token = default) => Task.CompletedTask;

    /// <inheritdoc/>
    public void Remove(string key) => TryDelete(PathOf(key));

    /// <inheritdoc/>
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        Remove(key);
        return Task.CompletedTask;
    }

    private static byte[]? Verified(string key, byte[] bytes)
    {
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            return null;
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8));
        if (length != bytes.Length - HeaderLength)
        {
            return null;
        }

        byte[] value = bytes[HeaderLength..];
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)) == Checksum(key, value) ? value : null;
    }

    private static ulong Checksum(string key, byte[] value)
    {
        var hash = new XxHash3();
        hash.Append(Encoding.UTF8.GetBytes(key));
        hash.Append(value);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>A file name from any key: its XxHash128 in hex (keys may hold any characters), in one of 256 subfolders.</summary>
    private string PathOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string name = Convert.ToHexStringLower(XxHash128.Hash(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(_folder, name[..2], name + ".bin");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone already, or not ours to delete: the next Set replaces it.
        }
    }
}
