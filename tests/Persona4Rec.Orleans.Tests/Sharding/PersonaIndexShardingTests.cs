using Persona4Rec.Cluster.Tests.Support;

namespace Persona4Rec.Cluster.Tests.Sharding;

public sealed class PersonaIndexShardingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Split_EveryItemInItsShard_WithIdenticalScores(int shardCount)
    {
        using var folder = new TempDirectory();
        PersonaIndex index = TestCatalogue.Create(300, seed: 5);
        PersonaShardManifest manifest = PersonaIndexSharding.Split(index, shardCount, version: 7, folder.Path);
        string manifestPath = folder.Combine(PersonaShardManifest.FileName);

        Assert.Equal(manifest, PersonaShardManifest.Load(manifestPath) with { Shards = manifest.Shards });
        Assert.Equal(manifest.Shards, PersonaShardManifest.Load(manifestPath).Shards);
        Assert.Equal(index.ItemCount, manifest.Shards.Sum(s => s.ItemCount));
        float[] user = TestCatalogue.RandomVector(new Random(1));
        for (int s = 0; s < shardCount; s++)
        {
            PersonaIndex shard = PersonaIndexSharding.OpenShard(manifestPath, manifest, s)!;
            Assert.True(shard.IsMemoryMapped);
            string[] ids = [.. Enumerable.Range(0, shard.ItemCount).Select(shard.GetItemId)];
            Assert.All(ids, id => Assert.Equal(s, PersonaShardFunction.ShardOf(id, shardCount)));
            TestCatalogue.AssertIdentical(index.Score(user, ids), shard.Score(user, ids));
        }
    }

    [Fact]
    public void Split_AlignedInt8Index_ShardsKeepLayerAndEncoding()
    {
        using var folder = new TempDirectory();
        var random = new Random(3);
        float[] up = [.. Enumerable.Range(0, 2 * TestCatalogue.Dimension).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f)];
        float[] down = [.. Enumerable.Range(0, 2 * TestCatalogue.Dimension).Select(_ => (float)(random.NextDouble() - 0.5) * 0.1f)];
        PersonaIndex index = TestCatalogue.Create(200, seed: 9)
            .WithAlignment(new AlignmentLayer(TestCatalogue.Dimension, 2, up, down))
            .WithEncoding(VectorEncoding.Int8, keepExactVectors: true);
        PersonaShardManifest manifest = PersonaIndexSharding.Split(index, 2, version: 1, folder.Path);
        float[] user = TestCatalogue.RandomVector(random);
        for (int s = 0; s < 2; s++)
        {
            PersonaIndex shard = PersonaIndexSharding.OpenShard(folder.Combine(PersonaShardManifest.FileName), manifest, s)!;
            Assert.NotNull(shard.Alignment);
            Assert.Equal(VectorEncoding.Int8, shard.VectorEncoding);
            string[] ids = [.. Enumerable.Range(0, shard.ItemCount).Select(shard.GetItemId)];
            TestCatalogue.AssertIdentical(index.Score(user, ids), shard.Score(user, ids));
            TestCatalogue.AssertIdentical(
                index.Search(user, 200, new SearchOptions { Filter = ids.Contains }).Take(10).ToArray(),
                shard.Search(user, 10));
        }
    }

    [Fact]
    public void Split_MoreShardsThanItems_ListsEmptyShards()
    {
        using var folder = new TempDirectory();
        PersonaShardManifest manifest = PersonaIndexSharding.Split(TestCatalogue.Create(2, seed: 1), 8, version: 0, folder.Path);

        Assert.Contains(manifest.Shards, s => s.FileName is null && s.ItemCount == 0);
        Assert.Null(PersonaIndexSharding.OpenShard(folder.Combine(PersonaShardManifest.FileName), manifest, manifest.Shards.First(s => s.FileName is null).Shard));
    }

    [Fact]
    public void OpenShard_TamperedFile_FailsWithChecksumMismatch()
    {
        using var folder = new TempDirectory();
        PersonaShardManifest manifest = PersonaIndexSharding.Split(TestCatalogue.Create(50, seed: 2), 2, version: 3, folder.Path);
        string file = folder.Combine(manifest.Shards[0].FileName!);
        byte[] bytes = File.ReadAllBytes(file);
        bytes[^5] ^= 0x5A;
        File.WriteAllBytes(file, bytes);

        var e = Assert.Throws<PersonaShardManifestException>(() => PersonaIndexSharding.OpenShard(folder.Combine(PersonaShardManifest.FileName), manifest, 0));
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenShard_FileOfAnotherLength_FailsNamingBothLengths()
    {
        using var folder = new TempDirectory();
        PersonaShardManifest manifest = PersonaIndexSharding.Split(TestCatalogue.Create(50, seed: 2), 2, version: 3, folder.Path);
        File.AppendAllText(folder.Combine(manifest.Shards[1].FileName!), "x");

        var e = Assert.Throws<PersonaShardManifestException>(() => PersonaIndexSharding.OpenShard(folder.Combine(PersonaShardManifest.FileName), manifest, 1));
        Assert.Contains($"{manifest.Shards[1].Length} bytes", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"shardCount\": 2", "\"shardCount\": 3", "shard count is 3 but 2 shard entries")]
    [InlineData("\"formatVersion\": 1", "\"formatVersion\": 9", "format version 9")]
    [InlineData("\"itemCount\": 40,", "\"itemCount\": 41,", "the manifest says 41")]
    [InlineData("{", "[", "is not a shard manifest")]
    public void Load_InvalidManifest_FailsClearly(string find, string replace, string expected)
    {
        using var folder = new TempDirectory();
        PersonaIndexSharding.Split(TestCatalogue.Create(40, seed: 4), 2, version: 1, folder.Path);
        string path = folder.Combine(PersonaShardManifest.FileName);
        string text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, ReplaceFirst(text, find, replace));

        var e = Assert.Throws<PersonaShardManifestException>(() => PersonaShardManifest.Load(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        int at = text.IndexOf(find, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), replace, text.AsSpan(at + find.Length));
    }

    [Fact]
    public void ManifestLoad_ADirectory_IsRefusedNamingIt()
    {
        string directory = Directory.CreateTempSubdirectory("p4r-manifest-").FullName;
        try
        {
            var e = Assert.Throws<PersonaShardManifestException>(() => PersonaShardManifest.Load(directory));
            Assert.Contains("is a directory, not a file", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
