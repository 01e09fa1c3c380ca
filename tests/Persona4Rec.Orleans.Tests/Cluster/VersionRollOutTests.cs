using System.Collections.Concurrent;
using Persona4Rec.Cluster.Tests.Support;

namespace Persona4Rec.Cluster.Tests.Cluster;

/// <summary>Rolling a new version out while queries run: every answer comes whole from one version.</summary>
public sealed class VersionRollOutTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task RollOutAsync_UnderQueryLoad_NoAnswerMixesVersions()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        // Same ids, different vectors and a different shard count: each answer is attributable.
        PersonaIndex v1 = TestCatalogue.Create(2_000, seed: 21, vectorSeed: 1);
        PersonaIndex v2 = TestCatalogue.Create(2_000, seed: 21, vectorSeed: 2);
        string name = ClusterFixture.NewIndexName("rollout");
        string manifest1 = fixture.SplitVersion(name, v1, 3, version: 1), manifest2 = fixture.SplitVersion(name, v2, 4, version: 2);
        var random = new Random(5);
        float[][] users = [.. Enumerable.Range(0, 8).Select(_ => TestCatalogue.RandomVector(random))];
        string[] candidates = [.. Enumerable.Range(0, 12).Select(i => v1.GetItemId(i * 97))];
        var expectedSearch = new Dictionary<long, ScoredItem[][]>
        {
            [1] = [.. users.Select(u => v1.Search(u, 10))],
            [2] = [.. users.Select(u => v2.Search(u, 10))],
        };
        var expectedScore = new Dictionary<long, ScoredItem[][]>
        {
            [1] = [.. users.Select(u => v1.Score(u, candidates))],
            [2] = [.. users.Select(u => v2.Score(u, candidates))],
        };

        var cluster = new PersonaClusterIndex(fixture.Cluster.Client, new PersonaClusterOptions { IndexName = name, VersionRefreshInterval = TimeSpan.FromMilliseconds(50) });
        await cluster.RollOutAsync(manifest1, cancellationToken);

        var answers = new ConcurrentBag<(long Version, bool Search, int User, IReadOnlyList<ScoredItem> Items)>();
        using var stop = new CancellationTokenSource();
        Task[] clients = [.. Enumerable.Range(0, 4).Select(c => Task.Run(async () =>
        {
            for (int q = c; !stop.IsCancellationRequested; q++)
            {
                int user = q % users.Length;
                bool search = q % 2 == 0;
                PersonaClusterResult result = search
                    ? await cluster.SearchAsync(users[user], 10, cancellationToken: cancellationToken)
                    : await cluster.ScoreAsync(users[user], candidates, cancellationToken: cancellationToken);
                answers.Add((result.Version, search, user, result.Items));
            }
        }, cancellationToken))];

        await WaitForAnswersAsync(answers, 20, cancellationToken);
        PersonaIndexVersionInfo rolledOut = await cluster.Coordinator.RollOutAsync(manifest2);
        int atFlip = answers.Count;
        await WaitForAnswersAsync(answers, atFlip + 40, cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.Equal(2, rolledOut.Version);
        Assert.Contains(answers, a => a.Version == 1);
        Assert.Contains(answers, a => a.Version == 2);
        foreach (var (version, search, user, items) in answers)
        {
            TestCatalogue.AssertIdentical((search ? expectedSearch : expectedScore)[version][user], items);
        }

        // Version 1 is retired: asking for it by number is refused, never answered from version 2.
        await Assert.ThrowsAsync<PersonaIndexVersionException>(
            () => cluster.SearchAsync(users[0], 10, new PersonaClusterSearchOptions { Version = 1 }, cancellationToken));
        Assert.Equal(2, (await cluster.GetCurrentVersionAsync(cancellationToken)).Version);
    }

    [Fact]
    public async Task SearchAsync_PinnedVersionDuringRollOut_AnswersFromThatVersion()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        PersonaIndex v1 = TestCatalogue.Create(500, seed: 3, vectorSeed: 1);
        PersonaIndex v2 = TestCatalogue.Create(500, seed: 3, vectorSeed: 2);
        string name = ClusterFixture.NewIndexName("pinned");
        string manifest1 = fixture.SplitVersion(name, v1, 2, version: 10), manifest2 = fixture.SplitVersion(name, v2, 2, version: 11);
        var cluster = new PersonaClusterIndex(fixture.Cluster.Client, new PersonaClusterOptions { IndexName = name });
        await cluster.RollOutAsync(manifest1, cancellationToken);
        await cluster.Coordinator.RollOutAsync(manifest2, retirePrevious: false);
        float[] user = TestCatalogue.RandomVector(new Random(1));

        PersonaClusterResult old = await cluster.SearchAsync(user, 5, new PersonaClusterSearchOptions { Version = 10 }, cancellationToken);
        PersonaClusterResult current = await cluster.SearchAsync(user, 5, new PersonaClusterSearchOptions { Version = 11 }, cancellationToken);

        TestCatalogue.AssertIdentical(v1.Search(user, 5), old.Items);
        TestCatalogue.AssertIdentical(v2.Search(user, 5), current.Items);
        await cluster.Coordinator.RetireAsync(10);
        await Assert.ThrowsAsync<PersonaIndexVersionException>(() => cluster.ScoreAsync(user, [v1.GetItemId(0)], version: 10, cancellationToken));
    }

    [Fact]
    public async Task RollOutAsync_CorruptShardFile_FailsAndTheCurrentVersionKeepsServing()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        PersonaIndex v1 = TestCatalogue.Create(300, seed: 4, vectorSeed: 1);
        string name = ClusterFixture.NewIndexName("corrupt");
        string manifest1 = fixture.SplitVersion(name, v1, 2, version: 1);
        string manifest2 = fixture.SplitVersion(name, TestCatalogue.Create(300, seed: 4, vectorSeed: 2), 2, version: 2);
        string shardFile = PersonaShardManifest.Load(manifest2).GetShardPath(manifest2, 1)!;
        byte[] bytes = File.ReadAllBytes(shardFile);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(shardFile, bytes);
        var cluster = new PersonaClusterIndex(fixture.Cluster.Client, new PersonaClusterOptions { IndexName = name });
        await cluster.RollOutAsync(manifest1, cancellationToken);

        var e = await Assert.ThrowsAsync<PersonaShardManifestException>(() => cluster.RollOutAsync(manifest2, cancellationToken));
        float[] user = TestCatalogue.RandomVector(new Random(3));
        PersonaClusterResult result = await cluster.SearchAsync(user, 10, cancellationToken: cancellationToken);

        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Version);
        TestCatalogue.AssertIdentical(v1.Search(user, 10), result.Items);
        await Assert.ThrowsAsync<PersonaIndexVersionException>(
            () => cluster.SearchAsync(user, 10, new PersonaClusterSearchOptions { Version = 2 }, cancellationToken));
    }

    private static async Task WaitForAnswersAsync<T>(ConcurrentBag<T> answers, int count, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (answers.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, cancellationToken);
        }

        Assert.True(answers.Count >= count, $"Only {answers.Count} answers within 60 s; expected {count}.");
    }
}
