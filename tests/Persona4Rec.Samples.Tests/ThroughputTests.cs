using Persona4Rec.Cli.Reporting;

namespace Persona4Rec.Samples.Tests;

/// <summary>The rate and time left the tool's progress bars show for long steps.</summary>
public sealed class ThroughputTests
{
    [Theory]
    [InlineData(100, 1_000, 84.3, "texts", "84.3 texts/s, 11 s left")]
    [InlineData(0, 20_000, 150.0, "texts", "150 texts/s, 2 min 13 s left")]
    [InlineData(10, 392, 2.5, "items", "2.50 items/s, 2 min 32 s left")]
    [InlineData(0, 5_000_000, 12.0, "texts", "12.0 texts/s, 115 h 44 min left")]
    [InlineData(999, 1_000, 1_234.0, "texts", "1,234 texts/s, 1 s left")]
    public void Describe_GivesRateAndTimeLeft(double done, double total, double perSecond, string unit, string expected) =>
        Assert.Equal(expected, Throughput.Describe(done, total, perSecond, unit));

    [Theory]
    [InlineData(null)]
    [InlineData(0.0)]
    [InlineData(-3.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Describe_WithoutARate_SaysSoWithoutATime(double? perSecond) =>
        Assert.Equal("– texts/s", Throughput.Describe(5, 10, perSecond, "texts"));

    [Fact]
    public void Describe_Finished_SaysDone() => Assert.Equal("done", Throughput.Describe(10, 10, 3.0, "texts"));
}
