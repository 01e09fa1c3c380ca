namespace Persona4Rec.Cluster.Tests.Sharding;

public sealed class PersonaShardFunctionTests
{
    [Fact]
    public void ShardOf_KnownIds_AreStableAcrossReleases()
    {
        // Pinned values: changing the function would send rerank candidates to the wrong shards of existing splits.
        Assert.Equal(
            [PersonaShardFunction.ShardOf("B000001", 4), PersonaShardFunction.ShardOf("item-42", 4), PersonaShardFunction.ShardOf("é-unicode", 7)],
            [ExpectedShard("B000001", 4), ExpectedShard("item-42", 4), ExpectedShard("é-unicode", 7)]);
    }

    [Fact]
    public void ShardOf_ManyIds_SpreadEvenlyAndStayInRange()
    {
        var counts = new int[4];
        for (int i = 0; i < 40_000; i++)
        {
            counts[PersonaShardFunction.ShardOf("B" + i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture), 4)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_400, 10_600));
    }

    [Fact]
    public void ShardOf_LongId_UsesPooledBuffer()
    {
        string id = new('x', 5_000);
        Assert.Equal(ExpectedShard(id, 3), PersonaShardFunction.ShardOf(id, 3));
    }

    [Fact]
    public void ShardOf_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => PersonaShardFunction.ShardOf(null!, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PersonaShardFunction.ShardOf("a", 0));
    }

    private static int ExpectedShard(string id, int shards) =>
        (int)(System.IO.Hashing.XxHash64.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(id)) % (ulong)shards);
}
