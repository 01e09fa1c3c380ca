using System.Diagnostics;

namespace Persona4Rec.Evaluation;

/// <summary>
/// The wall time of the online path in <see cref="PersonaEvaluation"/>, one thread: the user's
/// profile from their cached interaction vectors, then the rerank of the first stage's candidates
/// with the matched personas (no encoder, no LLM; the first stage itself is not timed). Measured
/// per request after untimed warm-up requests, so that first-call compilation is not counted.
/// </summary>
/// <param name="Requests">The timed requests: one per evaluated user and first stage.</param>
/// <param name="WarmupRequests">The untimed requests run before them.</param>
/// <param name="MedianMicroseconds">The median time of one request, in microseconds.</param>
/// <param name="P99Microseconds">The 99th percentile (nearest rank), in microseconds.</param>
public sealed record OnlineLatency(int Requests, int WarmupRequests, double MedianMicroseconds, double P99Microseconds)
{
    /// <summary>Summarises per-request <see cref="Stopwatch"/> ticks.</summary>
    internal static OnlineLatency FromTicks(List<long> ticks, int warmupRequests)
    {
        if (ticks.Count == 0)
        {
            return new OnlineLatency(0, warmupRequests, 0, 0);
        }

        double[] micros = [.. ticks.Select(t => t * 1e6 / Stopwatch.Frequency).Order()];
        int n = micros.Length;
        double median = n % 2 == 1 ? micros[n / 2] : (micros[(n / 2) - 1] + micros[n / 2]) / 2;
        double p99 = micros[(int)Math.Ceiling(0.99 * n) - 1];
        return new OnlineLatency(n, warmupRequests, median, p99);
    }

    /// <summary>Renders the figure as one sentence that says what the path includes.</summary>
    /// <returns>The sentence.</returns>
    public string Describe() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"Online path (profile from cached interaction vectors + rerank of the candidates with explanations; no encoder, LLM or first stage): median {MedianMicroseconds:F1} µs, p99 {P99Microseconds:F1} µs per request over {Requests} requests, one thread, after {WarmupRequests} untimed warm-up requests.");
}
