using Persona4Rec.Cluster.Tests.Support;

namespace Persona4Rec.Cluster.Tests.Cluster;

/// <summary>Distributed answers against the single index on the same data, on a 3-silo cluster.</summary>
public sealed class DistributedIndexTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static readonly PersonaIndex Index = TestCatalogue.Create(3_000, seed: 11);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task SearchAsync_AnyShardCount_IdenticalToSingleIndex(int shardCount)
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, shardCount, "search" + shardCount);
        var random = new Random(shardCount);
        for (int q = 0; q < 20; q++)
        {
            float[] user = TestCatalogue.RandomVector(random);
            int k = q % 4 == 0 ? 1 : 10 * q;
            PersonaClusterResult result = await cluster.SearchAsync(user, k, cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal(1, result.Version);
            TestCatalogue.AssertIdentical(Index.Search(user, k), result.Items);
        }
    }

    [Fact]
    public async Task SearchAsync_QueryOnTiedItems_BreaksTiesByItemIdLikeSingleIndex()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 4, "ties");

        // Every tenth item copies the vectors of the one before; pick a pair that lives on two shards.
        int item = Enumerable.Range(1, Index.ItemCount / 10).Select(i => (i * 10) - 1)
            .First(i => PersonaShardFunction.ShardOf(Index.GetItemId(i), 4) != PersonaShardFunction.ShardOf(Index.GetItemId(i - 1), 4));
        int personaOrdinal = Enumerable.Range(0, item).Sum(i => Index.GetPersonas(Index.GetItemId(i)).Count);
        float[] user = Index.GetPersonaVector(personaOrdinal).ToArray();
        PersonaClusterResult result = await cluster.SearchAsync(user, 5, cancellationToken: TestContext.Current.CancellationToken);
        ScoredItem[] expected = Index.Search(user, 5);

        Assert.Equal(expected[0].Score, expected[1].Score);
        Assert.Equal([Index.GetItemId(item - 1), Index.GetItemId(item)], expected.Take(2).Select(s => s.ItemId).Order(StringComparer.Ordinal));
        TestCatalogue.AssertIdentical(expected, result.Items);
    }

    [Fact]
    public async Task SearchAsync_WithExclusions_IdenticalToSingleIndex()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 3, "exclude");
        float[] user = TestCatalogue.RandomVector(new Random(8));
        string[] excluded = [.. Index.Search(user, 7).Select(s => s.ItemId), "not-in-index"];

        PersonaClusterResult result = await cluster.SearchAsync(
            user, 15, new PersonaClusterSearchOptions { ExcludeItemIds = excluded }, TestContext.Current.CancellationToken);

        TestCatalogue.AssertIdentical(Index.Search(user, 15, new SearchOptions { ExcludeItemIds = excluded }), result.Items);
    }

    [Fact]
    public async Task ScoreAsync_Candidates_IdenticalToSingleIndexInCandidateOrder()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 4, "score");
        var random = new Random(4);
        float[] user = TestCatalogue.RandomVector(random);
        string[] candidates = [.. Enumerable.Range(0, 20).Select(_ => Index.GetItemId(random.Next(Index.ItemCount))), Index.GetItemId(0), Index.GetItemId(0)];

        PersonaClusterResult result = await cluster.ScoreAsync(user, candidates, cancellationToken: TestContext.Current.CancellationToken);

        TestCatalogue.AssertIdentical(Index.Score(user, candidates), result.Items);
    }

    [Fact]
    public async Task ScoreAsync_CandidatesOfOtherShards_NeverTouchAnUnloadableShard()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 4, "routing");
        string manifestPath = _lastManifest!;
        PersonaShardManifest manifest = PersonaShardManifest.Load(manifestPath);

        // Shard 0 goes away: unloaded, and its file deleted, so it cannot come back.
        await fixture.Cluster.GrainFactory.GetGrain<IPersonaShardGrain>(PersonaShardKey.Format(_lastIndexName!, 1, 0)).UnloadAsync();
        File.Delete(manifest.GetShardPath(manifestPath, 0)!);
        float[] user = TestCatalogue.RandomVector(new Random(6));
        string[] candidates = [.. Enumerable.Range(0, Index.ItemCount).Select(Index.GetItemId).Where(id => PersonaShardFunction.ShardOf(id, 4) != 0).Take(25)];

        PersonaClusterResult reranked = await cluster.ScoreAsync(user, candidates, cancellationToken: TestContext.Current.CancellationToken);
        var search = await Assert.ThrowsAnyAsync<Exception>(() => cluster.SearchAsync(user, 5, cancellationToken: TestContext.Current.CancellationToken));

        TestCatalogue.AssertIdentical(Index.Score(user, candidates), reranked.Items);
        Assert.IsNotType<PersonaClusterTimeoutException>(search);
        Assert.Contains("shard-0000-of-0004.p4r", search.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScoreAsync_UnknownCandidates_ThrowsNamingAllOfThem()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 4, "unknown");
        float[] user = TestCatalogue.RandomVector(new Random(2));

        var e = await Assert.ThrowsAsync<UnknownItemException>(() => cluster.ScoreAsync(user, [Index.GetItemId(1), "nope-1", "nope-2"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("nope-1", e.Message, StringComparison.Ordinal);
        Assert.Contains("nope-2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_WrongDimensionOrUnknownVersion_FailClearly()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 2, "errors");

        var dimension = await Assert.ThrowsAsync<ArgumentException>(() => cluster.SearchAsync(new float[10], 5, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("dimension 384", dimension.Message, StringComparison.Ordinal);
        var version = await Assert.ThrowsAsync<PersonaIndexVersionException>(
            () => cluster.SearchAsync(TestCatalogue.RandomVector(new Random(1)), 5, new PersonaClusterSearchOptions { Version = 42 }, TestContext.Current.CancellationToken));
        Assert.Contains("version 42", version.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_ZeroVector_FailAtOnceWithTheIndexArgumentError()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 2, "zero");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var search = await Assert.ThrowsAnyAsync<ArgumentException>(() => cluster.SearchAsync(new float[TestCatalogue.Dimension], 5, cancellationToken: TestContext.Current.CancellationToken));
        var score = await Assert.ThrowsAnyAsync<ArgumentException>(() => cluster.ScoreAsync(new float[TestCatalogue.Dimension], [Index.GetItemId(0)], cancellationToken: TestContext.Current.CancellationToken));

        // Not retried as a transient error until the deadline.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}.");
        Assert.Equal(
            Assert.ThrowsAny<ArgumentException>(() => Index.Search(new float[TestCatalogue.Dimension], 5)).Message,
            search.Message);
        Assert.NotNull(score);
    }

    [Fact]
    public async Task SearchAsync_DeadlineShorterThanAnyAnswer_FailsWithClusterTimeout()
    {
        await DeployAsync(Index, 2, "deadline");
        var hurried = new PersonaClusterIndex(fixture.Cluster.Client, new PersonaClusterOptions { IndexName = _lastIndexName!, RequestTimeout = TimeSpan.FromTicks(1) });

        var e = await Assert.ThrowsAsync<PersonaClusterTimeoutException>(
            () => hurried.SearchAsync(TestCatalogue.RandomVector(new Random(1)), 5, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains($"index '{_lastIndexName}'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShardGrain_RequestForAnotherVersion_Refuses()
    {
        await DeployAsync(Index, 2, "refuse");
        var shard = fixture.Cluster.GrainFactory.GetGrain<IPersonaShardGrain>(PersonaShardKey.Format(_lastIndexName!, 1, 0));

        var e = await Assert.ThrowsAsync<PersonaIndexVersionException>(
            () => shard.SearchAsync(new ShardSearchRequest(2, TestCatalogue.RandomVector(new Random(1)), 5, [], 0), TestContext.Current.CancellationToken));

        Assert.Contains("holds version 1; the request asked for version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAndScore_CancelledByTheCaller_StopWithOperationCanceled_AndEveryCallIsMeasured()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 2, "cancel");
        var outcomes = new List<(string Operation, string Outcome)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Persona4RecTelemetry.SourceName && instrument.Name == "persona4rec.cluster.duration")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => (string)t.Value!);
            lock (outcomes)
            {
                outcomes.Add((all[Persona4RecTelemetry.OperationTag], all[Persona4RecTelemetry.OutcomeTag]));
            }
        });
        listener.Start();
        float[] user = TestCatalogue.RandomVector(new Random(5));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await cluster.SearchAsync(user, 5, cancellationToken: TestContext.Current.CancellationToken);
        await cluster.ScoreAsync(user, [Index.GetItemId(0), Index.GetItemId(1)], cancellationToken: TestContext.Current.CancellationToken);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.SearchAsync(user, 5, cancellationToken: cancelled.Token));
        var shard = fixture.Cluster.GrainFactory.GetGrain<IPersonaShardGrain>(PersonaShardKey.Format(_lastIndexName!, 1, 0));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => shard.ScoreAsync(new ShardScoreRequest(1, user, []), cancelled.Token));

        lock (outcomes)
        {
            Assert.Contains(("search", "ok"), outcomes);
            Assert.Contains(("score", "ok"), outcomes);
            Assert.Contains(("search", "cancelled"), outcomes);
        }
    }

    [Fact]
    public async Task RollOutAsync_OlderVersionOrMissingManifest_FailsAndKeepsCurrent()
    {
        PersonaClusterIndex cluster = await DeployAsync(Index, 2, "rollout-errors");
        string old = fixture.SplitVersion("old", TestCatalogue.Create(10, seed: 1), 2, version: 1);

        await Assert.ThrowsAsync<PersonaIndexVersionException>(() => cluster.RollOutAsync(old, TestContext.Current.CancellationToken));
        var missing = await Assert.ThrowsAsync<PersonaShardManifestException>(
            () => cluster.RollOutAsync(Path.Combine(Path.GetDirectoryName(old)!, "missing.json"), TestContext.Current.CancellationToken));
        Assert.Contains("missing.json", missing.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await cluster.GetCurrentVersionAsync(TestContext.Current.CancellationToken)).Version);
    }

    private string? _lastIndexName;
    private string? _lastManifest;

    private async Task<PersonaClusterIndex> DeployAsync(PersonaIndex index, int shardCount, string name)
    {
        _lastIndexName = ClusterFixture.NewIndexName(name);
        string manifest = _lastManifest = fixture.SplitVersion(_lastIndexName, index, shardCount, version: 1);
        var cluster = new PersonaClusterIndex(fixture.Cluster.Client, new PersonaClusterOptions { IndexName = _lastIndexName });
        PersonaIndexVersionInfo info = await cluster.RollOutAsync(manifest, TestContext.Current.CancellationToken);
        Assert.Equal(shardCount, info.ShardCount);
        return cluster;
    }
}
