namespace Persona4Rec.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    [Theory]
    [InlineData(1, 10, 1.0, 1.0, 1.0)]
    [InlineData(2, 10, 1.0, 0.5, 0.63092975357145753)] // 1/log2(3)
    [InlineData(3, 10, 1.0, 1.0 / 3, 0.5)]              // 1/log2(4)
    [InlineData(7, 10, 1.0, 1.0 / 7, 0.33333333333333331)] // 1/log2(8)
    [InlineData(10, 10, 1.0, 0.1, 0.28906482631788782)] // 1/log2(11)
    [InlineData(11, 10, 0.0, 0.0, 0.0)]
    [InlineData(6, 5, 0.0, 0.0, 0.0)]
    public void Metrics_MatchHandComputedValues(int rank, int k, double hit, double reciprocal, double ndcg)
    {
        Assert.Equal(hit, RankingMetrics.HitRate(rank, k));
        Assert.Equal(reciprocal, RankingMetrics.ReciprocalRank(rank, k), 12);
        Assert.Equal(ndcg, RankingMetrics.Ndcg(rank, k), 12);
    }

    [Fact]
    public void Metrics_AbsentPositive_AreZero()
    {
        Assert.Equal((0.0, 0.0, 0.0), (RankingMetrics.HitRate(null, 20), RankingMetrics.ReciprocalRank(null, 20), RankingMetrics.Ndcg(null, 20)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Ndcg(0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.Ndcg(1, 0));
    }

    [Fact]
    public void RankOf_FindsOneBasedRank()
    {
        string[] ranked = ["a", "b", "c"];
        Assert.Equal(2, RankingMetrics.RankOf(ranked, "b"));
        Assert.Null(RankingMetrics.RankOf(ranked, "z"));
    }

    [Fact]
    public void Mean_OverUsers_WithHandComputedAverage_AndAnIntervalAroundIt()
    {
        // Three users: ranks 1, 3 and absent at NDCG@10 → (1 + 0.5 + 0) / 3 = 0.5.
        double[] ndcg = [RankingMetrics.Ndcg(1, 10), RankingMetrics.Ndcg(3, 10), RankingMetrics.Ndcg(null, 10)];
        Estimate estimate = BootstrapInterval.Mean(ndcg);

        Assert.Equal(0.5, estimate.Mean, 12);
        Assert.InRange(estimate.Lower, 0, 0.5);
        Assert.InRange(estimate.Upper, 0.5, 1);
        Assert.Equal(estimate, BootstrapInterval.Mean(ndcg));
    }

    [Fact]
    public void PairedDifference_IdenticalMethods_IsAnExactTie_AndAClearWinIsNot()
    {
        var random = new Random(3);
        double[] a = Enumerable.Range(0, 500).Select(_ => random.NextDouble()).ToArray();

        Estimate tie = BootstrapInterval.PairedDifference(a, a);
        Estimate win = BootstrapInterval.PairedDifference(a.Select(v => v + 0.1).ToArray(), a);

        Assert.Equal((0.0, 0.0, 0.0), (tie.Mean, tie.Lower, tie.Upper));
        Assert.True(tie.ContainsZero);
        Assert.Equal(0.1, win.Mean, 9);
        Assert.False(win.ContainsZero);
        Assert.Throws<ArgumentException>(() => BootstrapInterval.PairedDifference(a, a[1..]));
    }

    [Fact]
    public void Mean_CoversTheTrueMeanAtAboutNinetyFivePercent()
    {
        // 200 samples of 100 Bernoulli(0.3) users: the interval should contain 0.3 in roughly 95% of them.
        var random = new Random(11);
        int covered = 0;
        for (int trial = 0; trial < 200; trial++)
        {
            double[] users = Enumerable.Range(0, 100).Select(_ => random.NextDouble() < 0.3 ? 1.0 : 0.0).ToArray();
            Estimate e = BootstrapInterval.Mean(users, resamples: 500, seed: trial);
            covered += e.Lower <= 0.3 && e.Upper >= 0.3 ? 1 : 0;
        }

        Assert.InRange(covered, 180, 198);
    }
}
