using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Recommendation;

public sealed class HybridCandidateSourceTests
{
    /// <summary>Items a0..a5 along axis 0 (a0 closest), b0..b3 along axis 1.</summary>
    private static PersonaIndex Index()
    {
        var builder = new PersonaIndexBuilder(2, "m", "t");
        for (int i = 0; i < 6; i++)
        {
            builder.Add(new ItemPersonas($"a{i}", null, [Persona.FromSummary($"a{i}", "An item.")]), [new float[] { 1, i * 0.1f }]);
        }

        for (int i = 0; i < 4; i++)
        {
            builder.Add(new ItemPersonas($"b{i}", null, [Persona.FromSummary($"b{i}", "An item.")]), [new float[] { i * 0.1f, 1 }]);
        }

        return builder.Build();
    }

    private sealed class FixedStage(params string[] items) : ICandidateSource
    {
        public Task<IReadOnlyList<string>> GetCandidatesAsync(string userId, int count, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>([.. items.Take(count)]);
    }

    private static readonly HashSet<string> Owned = ["a0"];

    [Fact]
    public async Task GetCandidates_FirstStageTopThenNewSearchResults_NoDuplicates_NoOwnedItems()
    {
        var source = new HybridCandidateSource(new FixedStage("b0", "a1", "b1", "b2", "b3"), Index(), _ => new float[] { 1, 0 }, _ => Owned, searchCount: 2);

        IReadOnlyList<string> candidates = await source.GetCandidatesAsync("u", 5, TestContext.Current.CancellationToken);

        // First stage's top 3, then the search's best two it did not propose (a1 is already there; a0 is owned).
        Assert.Equal(["b0", "a1", "b1", "a2", "a3"], candidates);
    }

    [Fact]
    public async Task GetCandidates_SearchFindsTooFew_FillsFromTheFirstStage()
    {
        var source = new HybridCandidateSource(new FixedStage("a1", "a2", "a3", "a4", "a5", "b0"), Index(), _ => new float[] { 1, 0 }, _ => Owned, searchCount: 5);

        IReadOnlyList<string> candidates = await source.GetCandidatesAsync("u", 8, TestContext.Current.CancellationToken);

        Assert.Equal(8, candidates.Count);
        Assert.Equal(candidates.Count, candidates.Distinct().Count());
        Assert.DoesNotContain("a0", candidates);
        Assert.Equal(["a1", "a2", "a3"], candidates.Take(3));
    }

    [Fact]
    public async Task GetCandidates_UserWithoutVector_GetsTheFirstStageUnchanged()
    {
        var source = new HybridCandidateSource(new FixedStage("b0", "b1"), Index(), _ => null, _ => Owned);

        Assert.Equal(["b0", "b1"], await source.GetCandidatesAsync("u", 2, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentOutOfRangeException>(() => new HybridCandidateSource(new FixedStage(), Index(), _ => null, _ => Owned, searchCount: -1));
    }
}
