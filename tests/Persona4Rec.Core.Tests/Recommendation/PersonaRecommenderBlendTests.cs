using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Recommendation;

public sealed class PersonaRecommenderBlendTests
{
    private static readonly string[] FirstStage = BlendData.SixCandidates;

    [Fact]
    public void Rerank_FirstStageOnlyBlend_KeepsTheFirstStageOrder()
    {
        PersonaIndex index = BlendData.SixItems();
        var recommender = new PersonaRecommender(index, options: new() { Blend = BlendData.Convex(index, 0) });

        Assert.Equal(FirstStage, recommender.Rerank(BlendData.SixItemsUser(), FirstStage).Select(r => r.Item.ItemId));
    }

    [Fact]
    public void Rerank_PersonaRankBlend_OrdersByPersona_AndStillExplains()
    {
        PersonaIndex index = BlendData.SixItems();
        var recommender = new PersonaRecommender(index, options: new() { Blend = BlendData.Convex(index, 1) });

        IReadOnlyList<Persona4Rec.Recommendation> result = recommender.Rerank(BlendData.SixItemsUser(), FirstStage);

        Assert.Equal(Enumerable.Reverse(FirstStage), result.Select(r => r.Item.ItemId));
        Assert.All(result, r => Assert.False(string.IsNullOrEmpty(r.Explanation.PersonaName)));
    }

    [Fact]
    public void Rerank_DefaultModeWithoutBlend_RanksByPersonaScore_AsThePaper()
    {
        var recommender = new PersonaRecommender(BlendData.SixItems());
        var paper = new PersonaRecommender(BlendData.SixItems(), options: new() { Mode = RerankMode.Personas });

        Assert.Equal(RerankMode.Blend, new PersonaRecommenderOptions().Mode);
        Assert.Equal(
            paper.Rerank(BlendData.SixItemsUser(), FirstStage).Select(r => r.Item.ItemId),
            recommender.Rerank(BlendData.SixItemsUser(), FirstStage).Select(r => r.Item.ItemId));
    }
}
