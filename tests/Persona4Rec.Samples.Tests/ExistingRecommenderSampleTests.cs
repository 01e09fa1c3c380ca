namespace Persona4Rec.Samples.Tests;

/// <summary>The "existing recommender" sample: a co-purchase recommender's candidates reranked in both modes.</summary>
public sealed class ExistingRecommenderSampleTests : IDisposable
{
    private const string Sample = "Persona4Rec.Samples.ExistingRecommender";
    private readonly string _index = Path.Combine(Path.GetTempPath(), $"p4r-existing-{Guid.NewGuid():N}.p4r");

    public void Dispose() => File.Delete(_index);

    [Fact]
    public async Task RerankTheExistingRecommendersCandidates_InBothModes_WithExplanations()
    {
        await DemoIndex.BuildAsync(_index, TestContext.Current.CancellationToken);
        SampleProcess.Result run = await SampleProcess.RunAsync(Sample, [_index, "DEMOUSER0007"], TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("the existing recommender proposes 20", run.Output, StringComparison.Ordinal);
        Assert.Contains("Reranked (Personas):", run.Output, StringComparison.Ordinal);
        Assert.Contains("Reranked (ReciprocalRankFusion):", run.Output, StringComparison.Ordinal);
        Assert.Contains("Reranked (Blend, no blend beside the index: by persona score):", run.Output, StringComparison.Ordinal);
        Assert.Contains("  5. B0DEMO", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingIndex_SaysHowToMakeOne()
    {
        SampleProcess.Result run = await SampleProcess.RunAsync(Sample, [Path.Combine(Path.GetTempPath(), "no-such.p4r")], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("run the main job first", run.Output, StringComparison.Ordinal);
    }
}
