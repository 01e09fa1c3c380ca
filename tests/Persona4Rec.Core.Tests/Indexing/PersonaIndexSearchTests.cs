using FsCheck.Xunit;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

public sealed class PersonaIndexSearchTests
{
    private const int Dimension = 33;

    [Property(MaxTest = 60)]
    public void Search_RandomCatalogue_AgreesWithBruteForce(int seed)
    {
        var random = new Random(seed);
        int items = 1 + random.Next(400);
        PersonaIndex index = TestIndexes.RandomIndex(seed, items, Dimension);
        float[] user = TestIndexes.RandomVector(random, Dimension);
        int k = 1 + random.Next(15);

        ScoredItem[] found = index.Search(user, k);
        var expected = TestIndexes.BruteForceScores(index, user)
            .OrderByDescending(r => r.Score).ThenBy(r => r.ItemId, StringComparer.Ordinal)
            .Take(k).ToArray();

        Assert.Equal(Math.Min(k, items), found.Length);
        for (int i = 0; i < found.Length; i++)
        {
            // Scores agree to rounding; ids agree except where two scores are within rounding of each other.
            Assert.Equal(expected[i].Score, found[i].Score, 1e-5);
            if (i + 1 < expected.Length && Math.Abs(expected[i].Score - expected[i + 1].Score) > 1e-5
                && (i == 0 || Math.Abs(expected[i].Score - expected[i - 1].Score) > 1e-5))
            {
                Assert.Equal(expected[i].ItemId, found[i].ItemId);
                Assert.Equal(expected[i].PersonaId, found[i].MatchedPersona.PersonaId);
            }
        }

        Assert.True(found.Zip(found.Skip(1)).All(p => p.First.Score >= p.Second.Score), "results must be best first");
    }

    [Property(MaxTest = 30)]
    public void Search_DoesNotDependOnInsertionOrder(int seed)
    {
        var catalogue = TestIndexes.RandomCatalogue(seed, 120, Dimension);
        var random = new Random(seed);
        var shuffled = catalogue.OrderBy(_ => random.Next()).ToList();
        float[] user = TestIndexes.RandomVector(random, Dimension);

        ScoredItem[] a = TestIndexes.Build(catalogue, Dimension).Search(user, 10);
        ScoredItem[] b = TestIndexes.Build(shuffled, Dimension).Search(user, 10);

        Assert.Equal(a.Select(s => (s.ItemId, s.Score, s.MatchedPersona.PersonaId)), b.Select(s => (s.ItemId, s.Score, s.MatchedPersona.PersonaId)));
    }

    [Fact]
    public void Search_TiedScores_BreakTiesByItemId()
    {
        float[] same = [1, 0];
        var builder = new PersonaIndexBuilder(2, "m", "t");
        foreach (string id in new[] { "c", "a", "d", "b" })
        {
            builder.Add(new ItemPersonas(id, null, [TestIndexes.MakePersona(id, 0)]), [same]);
        }

        ScoredItem[] found = builder.Build().Search([1, 0], 3);

        Assert.Equal(["a", "b", "c"], found.Select(f => f.ItemId));
    }

    [Fact]
    public void Search_ExcludedAndFilteredItems_AreNeverReturned()
    {
        PersonaIndex index = TestIndexes.RandomIndex(21, 300, Dimension);
        float[] user = TestIndexes.RandomVector(new Random(22), Dimension);
        string[] top = index.Search(user, 20).Select(s => s.ItemId).ToArray();
        string[] excluded = top[..5];
        var filteredOut = new HashSet<string>(top[5..8]);

        ScoredItem[] found = index.Search(user, 10, new SearchOptions
        {
            ExcludeItemIds = excluded.Append("not-in-index").ToList(),
            Filter = id => !filteredOut.Contains(id),
        });

        Assert.Equal(top[8..18], found.Select(f => f.ItemId));
    }

    [Fact]
    public void Search_KLargerThanCatalogue_ReturnsEveryItem_AndKZeroReturnsNone()
    {
        PersonaIndex index = TestIndexes.RandomIndex(23, 7, Dimension);
        float[] user = TestIndexes.RandomVector(new Random(24), Dimension);

        Assert.Equal(7, index.Search(user, 100).Length);
        Assert.Empty(index.Search(user, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search(user, -1));
    }

    [Fact]
    public void Search_EmptyIndex_ReturnsEmpty()
    {
        PersonaIndex index = new PersonaIndexBuilder(Dimension, "m", "t").Build();
        Assert.Empty(index.Search(TestIndexes.RandomVector(new Random(1), Dimension), 5));
    }

    [Fact]
    public void Search_ManyPersonasPerItem_SpanningScanChunks_AgreesWithBruteForce()
    {
        // Items of up to 3,000 personas cross the 1,024-row scan chunks, including items larger than a chunk.
        PersonaIndex index = TestIndexes.RandomIndex(25, 6, 8, minPersonas: 500, maxPersonas: 3000);
        float[] user = TestIndexes.RandomVector(new Random(26), 8);

        ScoredItem[] found = index.Search(user, 6);
        var expected = TestIndexes.BruteForceScores(index, user).OrderByDescending(r => r.Score).ToArray();

        Assert.Equal(expected.Select(e => e.ItemId), found.Select(f => f.ItemId));
        Assert.Equal(expected.Select(e => e.PersonaId), found.Select(f => f.MatchedPersona.PersonaId));
    }

    [Fact]
    public void SearchBatch_MatchesSingleSearches_WithPerUserOptions()
    {
        PersonaIndex index = TestIndexes.RandomIndex(27, 200, Dimension);
        var random = new Random(28);
        var users = Enumerable.Range(0, 17).Select(_ => (ReadOnlyMemory<float>)TestIndexes.RandomVector(random, Dimension)).ToArray();
        var options = users.Select((_, u) => u % 2 == 0 ? null : new SearchOptions { ExcludeItemIds = [index.GetItemId(u)] }).ToArray();

        ScoredItem[][] batch = index.SearchBatch(users, 10, options, TestContext.Current.CancellationToken);

        for (int u = 0; u < users.Length; u++)
        {
            Assert.Equal(index.Search(users[u].Span, 10, options[u]), batch[u]);
        }
    }

    [Fact]
    public void SearchBatch_InvalidVector_NamesTheUser()
    {
        PersonaIndex index = TestIndexes.RandomIndex(29, 10, Dimension);
        var users = new ReadOnlyMemory<float>[] { TestIndexes.RandomVector(new Random(1), Dimension), new float[Dimension - 1] };

        var error = Assert.Throws<ArgumentException>(() => index.SearchBatch(users, 3, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("User vector 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchBatch_FilterThrows_SurfacesTheFilterException()
    {
        PersonaIndex index = TestIndexes.RandomIndex(30, 10, Dimension);
        var users = new ReadOnlyMemory<float>[] { TestIndexes.RandomVector(new Random(1), Dimension) };
        var options = new[] { new SearchOptions { Filter = _ => throw new InvalidOperationException("filter broke") } };

        var error = Assert.Throws<InvalidOperationException>(() => index.SearchBatch(users, 3, options, TestContext.Current.CancellationToken));

        Assert.Equal("filter broke", error.Message);
    }

    [Fact]
    public void SearchBatch_Cancelled_Throws()
    {
        PersonaIndex index = TestIndexes.RandomIndex(31, 10, Dimension);
        var users = new ReadOnlyMemory<float>[] { TestIndexes.RandomVector(new Random(1), Dimension) };
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => index.SearchBatch(users, 3, cancellationToken: cts.Token));
    }
}
