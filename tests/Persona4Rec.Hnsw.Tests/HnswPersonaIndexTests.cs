namespace Persona4Rec.Hnsw.Tests;

/// <summary>One clustered catalogue (4,000 items × 5 personas, 64-d) and its graph, built once for the class.</summary>
public sealed class CatalogueFixture : IDisposable
{
    public CatalogueFixture()
    {
        Catalogue = new ClusteredCatalogue(items: 4000, personasPerItem: 5, dimension: 64);
        Graph = HnswPersonaIndex.Build(Catalogue.Index, new HnswOptions { Quantization = HnswQuantization.Float32 }, cancellationToken: TestContext.Current.CancellationToken);
    }

    internal ClusteredCatalogue Catalogue { get; }

    internal HnswPersonaIndex Graph { get; }

    public void Dispose() => Graph.Dispose();
}

public sealed class HnswPersonaIndexTests(CatalogueFixture fixture) : IClassFixture<CatalogueFixture>
{
    private PersonaIndex Exact => fixture.Catalogue.Index;

    private HnswPersonaIndex Graph => fixture.Graph;

    [Fact]
    public void IsExactSearch_IsFalse_WhileTheIndexItRescoresWithIsExact()
    {
        Assert.False(((IPersonaIndex)fixture.Graph).IsExactSearch);
        Assert.True(fixture.Catalogue.Index.IsExactSearch);
    }

    [Fact]
    public void Search_FindsNearlyAllOfTheExactTopTen_OnClusteredData()
    {
        HnswRecall recall = Graph.MeasureRecall(fixture.Catalogue.Users(200), k: 10);

        Assert.Equal(200, recall.PerUser.Count);
        Assert.True(recall.Mean >= 0.95, $"recall@10 was {recall.Mean:F3}");
    }

    [Fact]
    public void Search_ReturnsExactScoresAndWinningPersonas_BestFirstInExactOrder()
    {
        foreach (ReadOnlyMemory<float> user in fixture.Catalogue.Users(30))
        {
            ScoredItem[] approximate = Graph.Search(user.Span, 10);
            ScoredItem[] rescored = Exact.Score(user.Span, approximate.Select(s => s.ItemId).ToList());

            Assert.Equal(10, approximate.Length);
            Assert.Equal(rescored, approximate);
            for (int i = 1; i < approximate.Length; i++)
            {
                Assert.True(
                    approximate[i - 1].Score > approximate[i].Score
                    || (approximate[i - 1].Score == approximate[i].Score && string.CompareOrdinal(approximate[i - 1].ItemId, approximate[i].ItemId) < 0),
                    $"results {i - 1} and {i} are out of order");
            }
        }
    }

    [Fact]
    public void Search_IntoBuffer_MatchesArraySearch()
    {
        ReadOnlyMemory<float> user = fixture.Catalogue.Users(1)[0];
        var buffer = new PersonaMatch[10];

        int count = Graph.Search(user.Span, buffer);
        ScoredItem[] results = Graph.Search(user.Span, 10);

        Assert.Equal(10, count);
        Assert.Equal(results.Select(r => r.ItemId), buffer.Select(m => Exact.GetItemId(m.ItemOrdinal)));
        Assert.Equal(results.Select(r => r.MatchedPersona), buffer.Select(m => Exact.GetPersona(m.PersonaOrdinal)));
    }

    [Fact]
    public void Search_NeverReturnsExcludedOrFilteredItems_AndStillReturnsK()
    {
        ReadOnlyMemory<float> user = fixture.Catalogue.Users(1)[0];
        var firstTop = Graph.Search(user.Span, 10).Select(s => s.ItemId).ToList();
        var options = new SearchOptions { ExcludeItemIds = firstTop, Filter = id => !id.EndsWith('3') };

        ScoredItem[] results = Graph.Search(user.Span, 10, options);

        Assert.Equal(10, results.Length);
        Assert.DoesNotContain(results, r => firstTop.Contains(r.ItemId) || r.ItemId.EndsWith('3'));
    }

    [Fact]
    public void Search_WithAFilterFewItemsPass_WidensAndMatchesTheExactFilteredSearch()
    {
        // 8 of 4,000 items pass, fewer than k: no widening of the graph's proposals can find k of
        // them, so the search always ends in the exact scan, which must give the exact filtered answer.
        // (With 20 passing, a widened graph search sometimes found 10 of them and answered
        // approximately — correct behaviour, but the graph is built in parallel, so the test was flaky.)
        var allowed = Enumerable.Range(0, 8).Select(i => Exact.GetItemId(i * 499)).ToHashSet(StringComparer.Ordinal);
        var options = new SearchOptions { Filter = allowed.Contains };
        ReadOnlyMemory<float> user = fixture.Catalogue.Users(1)[0];

        ScoredItem[] results = Graph.Search(user.Span, 10, options);

        Assert.Equal(Exact.Search(user.Span, 10, options), results);
    }

    [Fact]
    public void Search_KLargerThanCatalogueOrZero_BehavesLikeExact()
    {
        ReadOnlyMemory<float> user = fixture.Catalogue.Users(1)[0];

        Assert.Empty(Graph.Search(user.Span, 0));
        Assert.Equal(Exact.ItemCount, Graph.Search(user.Span, Exact.ItemCount + 5).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => Graph.Search(user.Span, -1));
    }

    [Theory]
    [InlineData(63)]
    [InlineData(65)]
    public void Search_WrongDimension_IsRejectedNamingBothDimensions(int dimension)
    {
        var e = Assert.Throws<ArgumentException>(() => Graph.Search(new float[dimension].AsSpan(), 10));

        Assert.Contains(dimension.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Contains("64", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_NonFiniteOrZeroVector_IsRejected()
    {
        var nan = new float[64];
        nan[3] = float.NaN;

        Assert.Throws<ArgumentException>(() => Graph.Search(nan, 10));
        Assert.Throws<ArgumentException>(() => Graph.Search(new float[64], 10));
    }

    [Fact]
    public void SearchBatch_EqualsSequentialSearches_AcrossThreads()
    {
        List<ReadOnlyMemory<float>> users = fixture.Catalogue.Users(64);

        ScoredItem[][] batch = Graph.SearchBatch(users, 10, cancellationToken: TestContext.Current.CancellationToken);

        for (int u = 0; u < users.Count; u++)
        {
            Assert.Equal(Graph.Search(users[u].Span, 10), batch[u]);
        }
    }

    [Fact]
    public void SearchBatch_InvalidUser_NamesItsPosition()
    {
        List<ReadOnlyMemory<float>> users = fixture.Catalogue.Users(3);
        users[1] = new float[64];

        var e = Assert.Throws<ArgumentException>(() => Graph.SearchBatch(users, 10, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("User vector 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_IsTheExactRerank()
    {
        ReadOnlyMemory<float> user = fixture.Catalogue.Users(1)[0];
        string[] candidates = [Exact.GetItemId(5), Exact.GetItemId(17), Exact.GetItemId(5)];

        Assert.Equal(Exact.Score(user.Span, candidates), Graph.Score(user.Span, candidates));
        Assert.Throws<UnknownItemException>(() => Graph.Score(user.Span, ["no-such-item"]));
    }

    [Fact]
    public void Build_OnASmallCatalogue_AnswersExactlyEvenWhenTheGraphWouldCoverIt()
    {
        var small = new ClusteredCatalogue(items: 12, personasPerItem: 3, dimension: 16, seed: 3);
        using HnswPersonaIndex graph = HnswPersonaIndex.Build(small.Index, cancellationToken: TestContext.Current.CancellationToken);

        foreach (ReadOnlyMemory<float> user in small.Users(10))
        {
            Assert.Equal(small.Index.Search(user.Span, 5), graph.Search(user.Span, 5));
        }
    }

    [Fact]
    public void Build_OverAnAlignedIndex_SearchesInTheAlignedSpace()
    {
        var random = new Random(11);
        float[] up = Enumerable.Range(0, 64 * 4).Select(_ => (float)(random.NextDouble() - 0.5) * 0.3f).ToArray();
        float[] down = Enumerable.Range(0, 64 * 4).Select(_ => (float)(random.NextDouble() - 0.5) * 0.3f).ToArray();
        PersonaIndex aligned = Exact.WithAlignment(new AlignmentLayer(64, 4, up, down));
        using HnswPersonaIndex graph = HnswPersonaIndex.Build(aligned, new HnswOptions { Quantization = HnswQuantization.Float32 }, cancellationToken: TestContext.Current.CancellationToken);
        List<ReadOnlyMemory<float>> users = fixture.Catalogue.Users(100);

        HnswRecall recall = graph.MeasureRecall(users, 10);

        Assert.True(recall.Mean >= 0.95, $"recall@10 on the aligned index was {recall.Mean:F3}");
        ScoredItem[] results = graph.Search(users[0].Span, 10);
        Assert.Equal(aligned.Score(users[0].Span, results.Select(r => r.ItemId).ToList()), results);
    }

    [Fact]
    public void Build_Int8Graph_StillFindsTheTopTen()
    {
        using HnswPersonaIndex graph = HnswPersonaIndex.Build(Exact, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HnswQuantization.Int8, graph.Options.Quantization);
        Assert.True(graph.MeasureRecall(fixture.Catalogue.Users(100), 10).Mean >= 0.95);
    }

    [Theory]
    [InlineData(nameof(HnswOptions.Connectivity), 1)]
    [InlineData(nameof(HnswOptions.ExpansionAdd), 0)]
    [InlineData(nameof(HnswOptions.ExpansionSearch), 5000)]
    [InlineData(nameof(HnswOptions.NeighboursPerResult), -1)]
    public void Build_OptionOutOfRange_NamesTheSetting(string setting, int value)
    {
        HnswOptions options = setting switch
        {
            nameof(HnswOptions.Connectivity) => new HnswOptions { Connectivity = value },
            nameof(HnswOptions.ExpansionAdd) => new HnswOptions { ExpansionAdd = value },
            nameof(HnswOptions.ExpansionSearch) => new HnswOptions { ExpansionSearch = value },
            _ => new HnswOptions { NeighboursPerResult = value },
        };

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => HnswPersonaIndex.Build(Exact, options, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("HnswOptions." + setting, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => HnswPersonaIndex.Build(Exact, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Build_ReportsProgressUpToOne()
    {
        var small = new ClusteredCatalogue(items: 2000, personasPerItem: 3, dimension: 16, seed: 5);
        var reports = new List<double>();

        using HnswPersonaIndex graph = HnswPersonaIndex.Build(small.Index, progress: new SynchronousProgress(reports.Add), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1.0, reports[^1]);
        Assert.True(reports.Count >= 2);
        Assert.Equal(reports.Order(), reports);
    }

    [Fact]
    public void Dispose_ThenSearch_ThrowsObjectDisposed()
    {
        var small = new ClusteredCatalogue(items: 20, personasPerItem: 2, dimension: 8, seed: 9);
        HnswPersonaIndex graph = HnswPersonaIndex.Build(small.Index, cancellationToken: TestContext.Current.CancellationToken);
        graph.Dispose();
        graph.Dispose();

        Assert.Throws<ObjectDisposedException>(() => graph.Search(small.Users(1)[0].Span, 3));
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
