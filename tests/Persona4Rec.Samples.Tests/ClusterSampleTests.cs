using System.Globalization;

namespace Persona4Rec.Samples.Tests;

/// <summary>The cluster sample: two silos on 127.0.0.1 serve the demo index, identical to the in-process index.</summary>
public sealed class ClusterSampleTests
{
    private const string Sample = "Persona4Rec.Samples.Cluster";

    [Fact]
    public async Task TwoLocalSilos_ServeRecommendations_IdenticalToInProcessIndex()
    {
        // Ports basePort, +1 (silos) and +100, +101 (gateways): a random base keeps parallel runs apart.
        int basePort = Random.Shared.Next(20_000, 40_000);
        SampleProcess.Result run = await SampleProcess.RunAsync(
            Sample, [basePort.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains($"Cluster: 2 silos on 127.0.0.1:{basePort}-{basePort + 1}", run.Output, StringComparison.Ordinal);
        Assert.Contains("memory-mapped: True", run.Output, StringComparison.Ordinal);
        Assert.Contains("because you look like a", run.Output, StringComparison.Ordinal);
        Assert.Contains("Identical to the in-process index: 3 of 3 users.", run.Output, StringComparison.Ordinal);
    }
}
