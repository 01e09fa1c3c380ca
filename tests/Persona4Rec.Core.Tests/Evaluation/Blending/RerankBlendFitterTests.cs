using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Evaluation.Blending;

public sealed class RerankBlendFitterTests
{
    private static readonly Dictionary<string, int> NoPopularity = [];

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.7)]
    public void Fit_PositivesFollowAKnownConvexWeight_RecoversIt(double alpha)
    {
        List<BlendQuery> queries = BlendData.ConvexTruth(alpha, users: 400, seed: 3);

        RerankBlendFit fit = RerankBlendFitter.Fit(queries, BlendData.Index(), "stage", NoPopularity);

        Assert.InRange(fit.ConvexWeight, alpha - 0.05 - 1e-9, alpha + 0.05 + 1e-9);
        Assert.NotEqual(RerankBlendKind.FirstStageOnly, fit.Blend.Kind);
        Assert.True(fit.CrossValidatedNdcg[fit.Blend.Kind] > fit.CrossValidatedNdcg[RerankBlendKind.FirstStageOnly] + 0.1);
        double best = fit.ConvexCurve.Max(p => p.Ndcg);
        Assert.True(best > 0.99, $"best convex NDCG@10 {best}"); // the planted weight orders the queries perfectly, up to exact ties in floating point
        Assert.Equal(400, fit.Queries);
        Assert.Equal(400, fit.QueriesWithPositive);
    }

    [Fact]
    public void Fit_PersonaScoresAreNoise_ChoosesTheFirstStageAlone_AndKeepsItsOrder()
    {
        List<BlendQuery> queries = BlendData.PersonaNoise(users: 400, seed: 11);

        RerankBlendFit fit = RerankBlendFitter.Fit(queries, BlendData.Index(), "stage", NoPopularity);

        Assert.Equal(RerankBlendKind.FirstStageOnly, fit.Blend.Kind);
        Assert.Equal(0, fit.ConvexWeight);
        BlendQuery any = queries[0];
        int[] order = fit.Blend.Order([.. any.PersonaScores], [.. any.PersonaMargins], any.HistoryLength, any.CandidateItemIds);
        Assert.Equal(Enumerable.Range(0, BlendData.Candidates), order);
    }

    [Fact]
    public void Fit_IsDeterministic()
    {
        List<BlendQuery> queries = BlendData.ConvexTruth(0.5, users: 120, seed: 5);

        RerankBlendFit first = RerankBlendFitter.Fit(queries, BlendData.Index(), "stage", NoPopularity);
        RerankBlendFit second = RerankBlendFitter.Fit(queries, BlendData.Index(), "stage", NoPopularity);

        Assert.Equal(first.Blend.Weights, second.Blend.Weights);
        Assert.Equal(first.Blend.Kind, second.Blend.Kind);
    }

    [Fact]
    public void Fit_BadInput_IsRejectedWithAClearMessage()
    {
        PersonaIndex index = BlendData.Index();
        Assert.Throws<ArgumentException>(() => RerankBlendFitter.Fit([], index, "stage", NoPopularity));
        var uneven = new BlendQuery("u", ["a", "b"], [0.1f], [0, 0], 1, "a");
        ArgumentException e = Assert.Throws<ArgumentException>(() => RerankBlendFitter.Fit([uneven], index, "stage", NoPopularity));
        Assert.Contains("2 candidates, 1 scores", e.Message, StringComparison.Ordinal);
        var notFinite = new BlendQuery("u", ["a", "b"], [0.1f, float.NaN], [0, 0], 1, "a");
        Assert.Throws<ArgumentException>(() => RerankBlendFitter.Fit([notFinite], index, "stage", NoPopularity));
        Assert.Throws<ArgumentOutOfRangeException>(() => RerankBlendFitter.Fit(BlendData.PersonaNoise(10, 1), index, "stage", NoPopularity, new RerankBlendFitterOptions { Folds = 1 }));
    }
}
