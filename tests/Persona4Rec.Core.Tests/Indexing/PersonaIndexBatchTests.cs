using Persona4Rec.Tests.Alignment;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

/// <summary>
/// <see cref="PersonaIndex.SearchBatch"/> (four users per pass over the rows for float32 indexes)
/// returns exactly what one <see cref="PersonaIndex.Search(ReadOnlySpan{float}, int, SearchOptions?)"/>
/// per user returns: same items, same scores bit for bit, same explaining personas.
/// </summary>
public sealed class PersonaIndexBatchTests
{
    private const int Dimension = 24;

    public static TheoryData<int> UserCounts() => [1, 2, 3, 4, 5, 8, 17];

    [Theory]
    [MemberData(nameof(UserCounts))]
    public void SearchBatch_Float32_SameAsSingleSearches(int users)
    {
        PersonaIndex index = TestIndexes.RandomIndex(40, 300, Dimension);
        AssertSameAsSingle(index, Users(users, Dimension, seed: users), 10, null);
    }

    [Fact]
    public void SearchBatch_ExclusionsAndFilters_PerUser()
    {
        PersonaIndex index = TestIndexes.RandomIndex(41, 300, Dimension);
        ReadOnlyMemory<float>[] users = Users(11, Dimension, seed: 3);
        var options = users.Select((_, u) => (u % 4) switch
        {
            0 => null,
            1 => new SearchOptions { ExcludeItemIds = [.. Enumerable.Range(0, 40).Select(index.GetItemId)] },
            2 => new SearchOptions { Filter = id => id.EndsWith('1') || id.EndsWith('7') },
            _ => new SearchOptions { ExcludeItemIds = new HashSet<string>([index.GetItemId(u)], StringComparer.Ordinal), Filter = id => id.Contains('3', StringComparison.Ordinal) },
        }).ToArray();

        AssertSameAsSingle(index, users, 10, options);
    }

    [Theory]
    [InlineData(VectorEncoding.Float32, false, 0)]
    [InlineData(VectorEncoding.Float16, false, 0)]
    [InlineData(VectorEncoding.Int8, false, 0)]
    [InlineData(VectorEncoding.Int8, true, 40)]
    [InlineData(VectorEncoding.Float16, true, 40)]
    public void SearchBatch_EveryEncoding_SameAsSingleSearches(VectorEncoding encoding, bool keepExact, int rescore)
    {
        PersonaIndex index = TestIndexes.RandomIndex(42, 200, Dimension).WithEncoding(encoding, keepExact);
        ReadOnlyMemory<float>[] users = Users(6, Dimension, seed: 5);
        SearchOptions?[] options = [.. users.Select(_ => rescore == 0 ? null : new SearchOptions { ExactRescoreCount = rescore })];
        AssertSameAsSingle(index, users, 10, options);
    }

    [Fact]
    public void SearchBatch_AlignedIndex_SameAsSingleSearches()
    {
        PersonaIndex index = TestIndexes.RandomIndex(43, 150, 16).WithAlignment(AlignmentLayerTests.RandomLayer(3, 16, 2).Layer);
        AssertSameAsSingle(index, Users(7, 16, seed: 6), 10, null);
    }

    [Fact]
    public void SearchBatch_ItemsLargerThanAScanChunk_SameAsSingleSearches()
    {
        PersonaIndex index = TestIndexes.RandomIndex(44, 6, 8, minPersonas: 500, maxPersonas: 3000);
        AssertSameAsSingle(index, Users(5, 8, seed: 7), 4, null);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(500)]
    public void SearchBatch_AnyK_SameAsSingleSearches(int k)
    {
        PersonaIndex index = TestIndexes.RandomIndex(45, 120, Dimension);
        AssertSameAsSingle(index, Users(6, Dimension, seed: 8), k, null);
    }

    [Fact]
    public void SearchBatch_MemoryMappedIndex_SameAsSingleSearches()
    {
        using var temp = new TempDirectory();
        string path = temp.File("index.p4r");
        TestIndexes.RandomIndex(46, 200, Dimension).Save(path);
        AssertSameAsSingle(PersonaIndex.OpenMapped(path), Users(9, Dimension, seed: 9), 10, null);
    }

    [Fact]
    public void SearchBatchCore_OneCore_SameAsAllCores()
    {
        PersonaIndex index = TestIndexes.RandomIndex(47, 300, Dimension);
        ReadOnlyMemory<float>[] users = Users(13, Dimension, seed: 10);
        ScoredItem[][] one = index.SearchBatchCore(users, 10, null, maxDegreeOfParallelism: 1, TestContext.Current.CancellationToken);
        ScoredItem[][] all = index.SearchBatch(users, 10, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(all.Length, one.Length);
        for (int u = 0; u < users.Length; u++)
        {
            Assert.Equal(all[u], one[u]);
        }
    }

    private static void AssertSameAsSingle(PersonaIndex index, ReadOnlyMemory<float>[] users, int k, SearchOptions?[]? options)
    {
        ScoredItem[][] batch = index.SearchBatch(users, k, options, TestContext.Current.CancellationToken);
        Assert.Equal(users.Length, batch.Length);
        for (int u = 0; u < users.Length; u++)
        {
            ScoredItem[] single = index.Search(users[u].Span, k, options?[u]);
            Assert.Equal(single.Select(s => (s.ItemId, s.Score, s.MatchedPersona.PersonaId)), batch[u].Select(s => (s.ItemId, s.Score, s.MatchedPersona.PersonaId)));
        }
    }

    private static ReadOnlyMemory<float>[] Users(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (ReadOnlyMemory<float>)TestIndexes.RandomVector(random, dimension))];
    }
}
