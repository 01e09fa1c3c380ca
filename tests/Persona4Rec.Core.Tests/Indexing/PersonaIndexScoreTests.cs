using FsCheck.Xunit;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

public sealed class PersonaIndexScoreTests
{
    private const int Dimension = 48;

    [Property(MaxTest = 60)]
    public void Score_AnyCatalogue_EqualsBestPersonaScore(int seed)
    {
        var random = new Random(seed);
        PersonaIndex index = TestIndexes.RandomIndex(seed, items: 1 + random.Next(30), Dimension);
        float[] user = TestIndexes.RandomVector(random, Dimension);
        var reference = TestIndexes.BruteForceScores(index, user);
        string[] candidates = reference.Select(r => r.ItemId).OrderBy(_ => random.Next()).ToArray();

        ScoredItem[] scored = index.Score(user, candidates);

        Assert.Equal(candidates, scored.Select(s => s.ItemId));
        foreach (ScoredItem item in scored)
        {
            var expected = reference.Single(r => r.ItemId == item.ItemId);
            Assert.Equal(expected.Score, item.Score, 1e-5);
            Assert.Equal(item.ItemId, item.MatchedPersona.ItemId);

            // The matched persona's own score is the item's score (ties within rounding are allowed).
            Assert.Contains(item.MatchedPersona, index.GetPersonas(item.ItemId));
            Assert.True(item.Score >= -1.0001f && item.Score <= 1.0001f);
        }
    }

    [Fact]
    public void Score_ReturnsTrueCosine_WhenUserVectorIsNotUnitLength()
    {
        float[] persona = [3, 4, 0];
        PersonaIndex index = new PersonaIndexBuilder(3, "m", "t")
            .Add(new ItemPersonas("a", null, [TestIndexes.MakePersona("a", 0)]), [persona])
            .Build();

        ScoredItem result = index.Score([30, 40, 0], ["a"])[0];

        Assert.Equal(1f, result.Score, 1e-6f);
    }

    [Fact]
    public void Score_PicksTheMatchingPersona_AsExplanation()
    {
        Persona[] personas = [TestIndexes.MakePersona("guitar", 0), TestIndexes.MakePersona("guitar", 1), TestIndexes.MakePersona("guitar", 2)];
        PersonaIndex index = new PersonaIndexBuilder(3, "m", "t")
            .Add(new ItemPersonas("guitar", "A guitar.", personas), [new float[] { 1, 0, 0 }, new float[] { 0, 1, 0 }, new float[] { 0, 0, 1 }])
            .Build();

        ScoredItem result = index.Score([0.1f, 0.2f, 0.9f], ["guitar"])[0];

        Assert.Same(personas[2], result.MatchedPersona);
        Assert.Equal(0.9f / MathF.Sqrt(0.86f), result.Score, 1e-6f);
    }

    [Fact]
    public void Score_EmptyCandidateList_ReturnsEmpty()
    {
        PersonaIndex index = TestIndexes.RandomIndex(1, 5, Dimension);
        Assert.Empty(index.Score(new float[Dimension].Select((_, i) => i + 1f).ToArray(), []));
    }

    [Fact]
    public void Score_UnknownItems_ThrowsNamingEveryUnknownId()
    {
        PersonaIndex index = TestIndexes.RandomIndex(2, 5, Dimension);
        string known = index.GetItemId(0);
        float[] user = TestIndexes.RandomVector(new Random(3), Dimension);

        var error = Assert.Throws<UnknownItemException>(() => index.Score(user, [known, "nope-1", "nope-2"]));

        Assert.Equal(["nope-1", "nope-2"], error.ItemIds);
        Assert.Contains("'nope-1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'nope-2'", error.Message, StringComparison.Ordinal);
        Assert.Equal("candidateItemIds", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(47)]
    [InlineData(49)]
    [InlineData(384)]
    public void Score_WrongDimension_ThrowsNamingBothDimensions(int length)
    {
        PersonaIndex index = TestIndexes.RandomIndex(4, 5, Dimension);
        var error = Assert.Throws<ArgumentException>(() => index.Score(new float[length], [index.GetItemId(0)]));
        Assert.Contains($"{length} dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains($"expects {Dimension}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Score_NonFiniteValue_ThrowsNamingPosition(float bad)
    {
        PersonaIndex index = TestIndexes.RandomIndex(5, 5, Dimension);
        float[] user = TestIndexes.RandomVector(new Random(6), Dimension);
        user[17] = bad;
        var error = Assert.Throws<ArgumentException>(() => index.Score(user, [index.GetItemId(0)]));
        Assert.Contains("position 17", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_ZeroVector_Throws()
    {
        PersonaIndex index = TestIndexes.RandomIndex(7, 5, Dimension);
        var error = Assert.Throws<ArgumentException>(() => index.Score(new float[Dimension], [index.GetItemId(0)]));
        Assert.Contains("zero length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreOrdinals_MatchesScore_WithoutAllocatingResults()
    {
        PersonaIndex index = TestIndexes.RandomIndex(8, 40, Dimension);
        float[] user = TestIndexes.RandomVector(new Random(9), Dimension);
        int[] ordinals = [3, 1, 39, 3];
        var matches = new PersonaMatch[ordinals.Length];

        index.ScoreOrdinals(user, ordinals, matches);
        ScoredItem[] scored = index.Score(user, ordinals.Select(index.GetItemId).ToArray());

        for (int i = 0; i < ordinals.Length; i++)
        {
            Assert.Equal(ordinals[i], matches[i].ItemOrdinal);
            Assert.Equal(scored[i].Score, matches[i].Score);
            Assert.Same(scored[i].MatchedPersona, index.GetPersona(matches[i].PersonaOrdinal));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => index.ScoreOrdinals(user, [40], matches));
        Assert.Throws<ArgumentException>(() => index.ScoreOrdinals(user, [1, 2], new PersonaMatch[1]));
    }

    [Theory]
    [InlineData(VectorEncoding.Float32, false)]
    [InlineData(VectorEncoding.Float16, false)]
    [InlineData(VectorEncoding.Int8, false)]
    [InlineData(VectorEncoding.Int8, true)]
    public void ScoreOrdinals_LongListWithPrefetchInEveryEncoding_ScoresEachCandidateAsAlone(VectorEncoding encoding, bool keepExact)
    {
        // The rerank prefetches the rows of the candidates ahead of the one it scores; a long list
        // (first and last items, repeats, 1–7 personas each) must score every candidate exactly as
        // a list of one does, and a float32 one as the brute-force reference.
        PersonaIndex exact = TestIndexes.RandomIndex(12, 200, Dimension);
        PersonaIndex index = exact.WithEncoding(encoding, keepExact);
        float[] user = TestIndexes.RandomVector(new Random(13), Dimension);
        var random = new Random(14);
        int[] ordinals = [0, 199, .. Enumerable.Range(0, 60).Select(_ => random.Next(200)), 199, 0, 5, 5];
        var matches = new PersonaMatch[ordinals.Length];
        var alone = new PersonaMatch[1];
        var reference = TestIndexes.BruteForceScores(exact, user).ToDictionary(r => r.ItemId, r => r.Score);

        index.ScoreOrdinals(user, ordinals, matches);

        for (int i = 0; i < ordinals.Length; i++)
        {
            index.ScoreOrdinals(user, [ordinals[i]], alone);
            Assert.Equal(alone[0], matches[i]);
            if (encoding == VectorEncoding.Float32 || keepExact)
            {
                Assert.Equal(reference[index.GetItemId(ordinals[i])], matches[i].Score, 1e-5);
            }
        }
    }

    [Theory]
    [InlineData(VectorEncoding.Float32, 1, 7, 400)]
    [InlineData(VectorEncoding.Float16, 1, 7, 400)]
    [InlineData(VectorEncoding.Int8, 1, 7, 400)]
    [InlineData(VectorEncoding.Float32, 600, 700, 5)]
    [InlineData(VectorEncoding.Int8, 600, 700, 5)]
    public void ScoreOrdinals_MoreRowsThanOneKernelCall_ScoresEachCandidateAsAlone(VectorEncoding encoding, int minPersonas, int maxPersonas, int candidates)
    {
        // The rerank hands the kernel up to 512 rows at a time, whole items only: 400 candidates of
        // 1–7 personas take several calls, and items of 600–700 personas each need a buffer of their
        // own size. Every candidate must still score as a list of one, and float32 as brute force.
        PersonaIndex exact = TestIndexes.RandomIndex(21, 40, Dimension, minPersonas, maxPersonas);
        PersonaIndex index = exact.WithEncoding(encoding);
        float[] user = TestIndexes.RandomVector(new Random(22), Dimension);
        var random = new Random(23);
        int[] ordinals = [.. Enumerable.Range(0, candidates).Select(_ => random.Next(40))];
        var matches = new PersonaMatch[ordinals.Length];
        var alone = new PersonaMatch[1];
        var reference = TestIndexes.BruteForceScores(exact, user).ToDictionary(r => r.ItemId);

        index.ScoreOrdinals(user, ordinals, matches);

        for (int i = 0; i < ordinals.Length; i++)
        {
            index.ScoreOrdinals(user, [ordinals[i]], alone);
            Assert.Equal(alone[0], matches[i]);
            if (encoding == VectorEncoding.Float32)
            {
                var expected = reference[index.GetItemId(ordinals[i])];
                Assert.Equal(expected.Score, matches[i].Score, 1e-5);
                Assert.Equal(expected.PersonaId, index.GetPersona(matches[i].PersonaOrdinal).PersonaId);
            }
        }
    }

    [Theory]
    [InlineData(VectorEncoding.Float32)]
    [InlineData(VectorEncoding.Float16)]
    [InlineData(VectorEncoding.Int8)]
    public void Score_TiedPersonas_ExplainsWithTheFirstBest_InAnyCandidateOrder(VectorEncoding encoding)
    {
        // The rerank interleaves two candidates' rows; an item's own rows keep their order, so of
        // equal best personas the first explains the item, as the scan does.
        static Persona P(string item, int k) => new(Persona.IdFor(k), item, $"Persona {k}", "Plays most evenings.", "Praised tuning.", [item + "-r1"]);
        PersonaIndex index = new PersonaIndexBuilder(2, "m", "t")
            .Add(new ItemPersonas("a", null, [P("a", 0), P("a", 1), P("a", 2)]), [new float[] { 0f, 1f }, new float[] { 1f, 0f }, new float[] { 1f, 0f }])
            .Add(new ItemPersonas("b", null, [P("b", 0), P("b", 1)]), [new float[] { 1f, 0f }, new float[] { 1f, 0f }])
            .Build()
            .WithEncoding(encoding);

        ScoredItem[] scored = index.Score([1f, 0f], ["a", "b", "a", "b", "b"]);

        Assert.Equal([Persona.IdFor(1), Persona.IdFor(0), Persona.IdFor(1), Persona.IdFor(0), Persona.IdFor(0)], scored.Select(s => s.MatchedPersona.PersonaId));
        ScoredItem top = index.Search([1f, 0f], 2).Single(r => r.ItemId == "a");
        Assert.Equal(Persona.IdFor(1), top.MatchedPersona.PersonaId);
    }

    [Fact]
    public void ScoreBatch_MatchesSingleCalls_AndNamesUnknownIds()
    {
        PersonaIndex index = TestIndexes.RandomIndex(10, 60, Dimension);
        var random = new Random(11);
        var users = Enumerable.Range(0, 33).Select(_ => (ReadOnlyMemory<float>)TestIndexes.RandomVector(random, Dimension)).ToArray();
        var candidates = users.Select(_ => (IReadOnlyList<string>)Enumerable.Range(0, 20).Select(_ => index.GetItemId(random.Next(60))).ToArray()).ToArray();

        ScoredItem[][] batch = index.ScoreBatch(users, candidates, TestContext.Current.CancellationToken);

        for (int u = 0; u < users.Length; u++)
        {
            Assert.Equal(index.Score(users[u].Span, candidates[u]), batch[u]);
        }

        candidates[5] = ["missing"];
        var error = Assert.Throws<UnknownItemException>(() => index.ScoreBatch(users, candidates, TestContext.Current.CancellationToken));
        Assert.Equal(["missing"], error.ItemIds);
    }
}
