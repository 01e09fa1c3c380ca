using System.Diagnostics;

namespace Persona4Rec.Tests.Evaluation;

public sealed class OnlineLatencyTests
{
    [Fact]
    public void FromTicks_HundredRequests_MedianAndNearestRankP99()
    {
        // 1..100 µs, shuffled: the median is 50.5 µs and the 99th percentile (nearest rank) 99 µs.
        var ticks = Enumerable.Range(1, 100).Select(us => us * Stopwatch.Frequency / 1_000_000).OrderBy(t => (t * 7919) % 101).ToList();

        OnlineLatency latency = OnlineLatency.FromTicks(ticks, warmupRequests: 50);

        Assert.Equal(100, latency.Requests);
        Assert.Equal(50, latency.WarmupRequests);
        Assert.Equal(50.5, latency.MedianMicroseconds, 1e-6);
        Assert.Equal(99, latency.P99Microseconds, 1e-6);
        Assert.Contains("median 50.5 µs, p99 99.0 µs per request over 100 requests", latency.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromTicks_OddCount_MedianIsTheMiddleRequest()
    {
        long tick = Stopwatch.Frequency / 1_000_000;
        OnlineLatency latency = OnlineLatency.FromTicks([9 * tick, 1 * tick, 5 * tick], warmupRequests: 0);
        Assert.Equal(5, latency.MedianMicroseconds, 1e-6);
        Assert.Equal(9, latency.P99Microseconds, 1e-6);
    }
}
