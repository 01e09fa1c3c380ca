namespace Persona4Rec.Tests.Recommendation;

public sealed class RankFusionTests
{
    private static readonly Persona Any = new("P1", "x", "n", "d", "r", []);

    private static ScoredItem[] Scores(params (string Id, float Score)[] items) => [.. items.Select(i => new ScoredItem(i.Id, i.Score, Any))];

    [Fact]
    public void ReciprocalRank_HandComputed_WithKZero()
    {
        // First stage: pop 1, pad 2, tuner 3. Personas: tuner 1, pop 2, pad 3.
        // pop = 1/1 + 1/2 = 1.5; tuner = 1/3 + 1/1 = 1.333; pad = 1/2 + 1/3 = 0.833.
        var fused = RankFusion.ReciprocalRank(["pop", "pad", "tuner"], Scores(("pad", 0.1f), ("tuner", 0.9f), ("pop", 0.5f)), k: 0);
        Assert.Equal(["pop", "tuner", "pad"], fused);
    }

    [Fact]
    public void ReciprocalRank_Ties_GoToTheBetterFirstStageRank()
    {
        // Reversed lists: a = 1/1 + 1/4 = d = 1/4 + 1/1; b = 1/2 + 1/3 = c. Ties go to first-stage rank.
        var fused = RankFusion.ReciprocalRank(["a", "b", "c", "d"], Scores(("d", 0.9f), ("c", 0.8f), ("b", 0.7f), ("a", 0.6f)), k: 0);
        Assert.Equal(["a", "d", "b", "c"], fused);
    }

    [Fact]
    public void ReciprocalRank_DefaultK_ItemsInOneListOnly_AndDuplicates()
    {
        // k = 60. "a": 1/61 + 1/62 (persona rank 2); "b": 1/62 only (first stage, duplicate ignored);
        // "z": 1/61 only (persona rank 1, not proposed by the first stage).
        var fused = RankFusion.ReciprocalRank(["a", "b", "a"], Scores(("z", 0.9f), ("a", 0.5f)));
        Assert.Equal(["a", "z", "b"], fused);
    }

    [Fact]
    public void ReciprocalRank_RejectsNegativeK_AndNullIds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RankFusion.ReciprocalRank(["a"], [], -1));
        Assert.Throws<ArgumentNullException>(() => RankFusion.ReciprocalRank([null!], []));
    }
}
