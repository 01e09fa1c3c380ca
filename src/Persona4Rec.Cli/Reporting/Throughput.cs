using System.Globalization;

namespace Persona4Rec.Cli.Reporting;

/// <summary>
/// The rate and time left of a long step ("84.3 texts/s, 2 min 05 s left"), kept free of Spectre so
/// the tests can link this file alone.
/// </summary>
internal static class Throughput
{
    /// <summary>Describes progress of <paramref name="done"/> of <paramref name="total"/> units at <paramref name="perSecond"/> units a second.</summary>
    /// <param name="perSecond">The recent rate, or <see langword="null"/> before there is one.</param>
    public static string Describe(double done, double total, double? perSecond, string unit)
    {
        if (done >= total)
        {
            return "done";
        }

        if (perSecond is not (> 0 and < double.PositiveInfinity))
        {
            return $"– {unit}/s";
        }

        double rate = perSecond.Value;
        string rateText = rate.ToString(rate < 10 ? "0.00" : rate < 100 ? "0.0" : "N0", CultureInfo.InvariantCulture);
        return $"{rateText} {unit}/s, {Left(TimeSpan.FromSeconds(Math.Min((total - done) / rate, TimeSpan.MaxValue.TotalSeconds / 2)))} left";
    }

    private static string Left(TimeSpan left) =>
        left.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(long)left.TotalHours} h {left.Minutes:00} min")
        : left.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{left.Minutes} min {left.Seconds:00} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Ceiling(left.TotalSeconds):0} s");
}
