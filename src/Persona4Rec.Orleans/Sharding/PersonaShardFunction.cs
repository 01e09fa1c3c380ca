using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Persona4Rec.Cluster;

/// <summary>
/// The deterministic item-to-shard function: XxHash64 (seed 0) of the item id's UTF-8 bytes,
/// modulo the shard count. Whole items go to one shard, so an item's maximum over its personas is
/// computed inside one shard and equals the single-machine score.
/// </summary>
/// <remarks>Stable across processes, machines and releases: the split and every router must agree.</remarks>
public static class PersonaShardFunction
{
    /// <summary>Ids up to this many UTF-8 bytes are hashed from the stack.</summary>
    private const int StackallocByteLimit = 512;

    /// <summary>Returns the shard that owns an item.</summary>
    /// <param name="itemId">The item id.</param>
    /// <param name="shardCount">The number of shards, at least 1.</param>
    /// <returns>The shard number, in [0, <paramref name="shardCount"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="itemId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="shardCount"/> is less than 1.</exception>
    public static int ShardOf(string itemId, int shardCount)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(itemId.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= StackallocByteLimit
            ? stackalloc byte[StackallocByteLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            int length = Encoding.UTF8.GetBytes(itemId, buffer);
            return (int)(XxHash64.HashToUInt64(buffer[..length]) % (ulong)shardCount);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
