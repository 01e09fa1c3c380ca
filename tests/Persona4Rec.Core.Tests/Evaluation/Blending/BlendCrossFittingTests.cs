using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Evaluation.Blending;

public sealed class BlendCrossFittingTests
{
    private static readonly Dictionary<string, int> NoPopularity = [];

    /// <summary>Queries as the evaluation builds them: the history and the validation review, never the test review.</summary>
    private static List<BlendQuery> Honest(int users) =>
        [.. BlendData.PersonaNoise(users, seed: 4).Select((q, u) => q with { ReviewIds = [$"u{u}:train", $"u{u}:validation"] })];

    private static HashSet<string> TestReviews(int users) => [.. Enumerable.Range(0, users).Select(u => $"u{u}:test")];

    [Fact]
    public void Fit_EachHalfIsFittedOnlyOnTheOtherHalf_AndNeverOnATestReview()
    {
        List<BlendQuery> queries = Honest(40);
        Dictionary<string, int> folds = BlendCrossFitting.AssignFolds([.. queries.Select(q => q.UserId), "two-interaction-user"], seed: 17);
        var seen = new List<IReadOnlyList<BlendQuery>>();

        RerankBlendFit[] fits = BlendCrossFitting.Fit(queries, folds, TestReviews(40), fitting =>
        {
            seen.Add(fitting);
            return RerankBlendFitter.Fit(fitting, BlendData.Index(), "stage", NoPopularity);
        });

        Assert.Equal(2, fits.Length);
        for (int half = 0; half < 2; half++)
        {
            Assert.NotEmpty(seen[half]);
            Assert.All(seen[half], q => Assert.NotEqual(half, folds[q.UserId]));
        }

        Assert.Equal(queries.Count, seen[0].Count + seen[1].Count); // every validation query is used exactly once
        Assert.InRange(folds.Values.Count(f => f == 0), 20, 21);
    }

    [Fact]
    public void Fit_PlantedTestReviewInAFittingQuery_IsCaught()
    {
        List<BlendQuery> queries = Honest(40);
        queries[7] = queries[7] with { ReviewIds = ["u7:train", "u7:test"] }; // a builder that let the test item in
        Dictionary<string, int> folds = BlendCrossFitting.AssignFolds(queries.Select(q => q.UserId), seed: 17);

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() =>
            BlendCrossFitting.Fit(queries, folds, TestReviews(40), fitting => RerankBlendFitter.Fit(fitting, BlendData.Index(), "stage", NoPopularity)));

        Assert.Contains("Leak", e.Message, StringComparison.Ordinal);
        Assert.Contains("u7:test", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FittingOnAUserOfTheEvaluatedHalf_IsCaught()
    {
        List<BlendQuery> queries = Honest(4);

        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => BlendLeakGuard.Check(queries, new HashSet<string> { "u2" }, TestReviews(4)));

        Assert.Contains("user 'u2'", e.Message, StringComparison.Ordinal);
        BlendLeakGuard.Check(queries, new HashSet<string> { "someone-else" }, TestReviews(4)); // honest: no throw
    }
}
