namespace Persona4Rec.Evaluation;

/// <summary>A mean with its 95% bootstrap confidence interval.</summary>
/// <param name="Mean">The mean over users.</param>
/// <param name="Lower">The 2.5th percentile of the bootstrap means.</param>
/// <param name="Upper">The 97.5th percentile of the bootstrap means.</param>
public readonly record struct Estimate(double Mean, double Lower, double Upper)
{
    /// <summary>Gets whether the interval contains zero: for a paired difference, a tie.</summary>
    public bool ContainsZero => Lower <= 0 && Upper >= 0;
}

/// <summary>
/// Percentile bootstrap over users: resample users with replacement, recompute the mean, take the
/// 2.5th and 97.5th percentiles. For comparing two methods on the same users, use
/// <see cref="PairedDifference"/>: it resamples users once for both, so the interval reflects the
/// per-user difference (a difference whose interval contains zero is a tie).
/// </summary>
public static class BootstrapInterval
{
    /// <summary>The mean of per-user values with its 95% interval.</summary>
    /// <param name="values">One value per user (for example each user's NDCG@10).</param>
    /// <param name="resamples">Bootstrap resamples. Default: 2,000.</param>
    /// <param name="seed">The seed; the same inputs and seed give the same interval. Default: 17.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static Estimate Mean(IReadOnlyList<double> values, int resamples = 2000, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Compute(values.Count, i => values[i], resamples, seed);
    }

    /// <summary>The mean per-user difference a − b with its paired 95% interval.</summary>
    /// <param name="a">Per-user values of the first method.</param>
    /// <param name="b">Per-user values of the second method, same users in the same order.</param>
    /// <param name="resamples">Bootstrap resamples. Default: 2,000.</param>
    /// <param name="seed">The seed. Default: 17.</param>
    /// <returns>The estimate of the difference.</returns>
    /// <exception cref="ArgumentException">The lists are empty or differ in length.</exception>
    public static Estimate PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int resamples = 2000, int seed = 17)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"Paired values need the same users: {a.Count} values against {b.Count}.", nameof(b));
        }

        return Compute(a.Count, i => a[i] - b[i], resamples, seed);
    }

    private static Estimate Compute(int count, Func<int, double> value, int resamples, int seed)
    {
        if (count == 0)
        {
            throw new ArgumentException("At least one user is needed.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 100);
        double[] values = Enumerable.Range(0, count).Select(value).ToArray();
        var random = new Random(seed);
        var means = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                sum += values[random.Next(count)];
            }

            means[r] = sum / count;
        }

        Array.Sort(means);
        return new Estimate(values.Average(), Percentile(means, 0.025), Percentile(means, 0.975));
    }

    /// <summary>Linear interpolation between the closest ranks.</summary>
    private static double Percentile(double[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
