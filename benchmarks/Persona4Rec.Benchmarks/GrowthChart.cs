using System.Globalization;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// Draws median scan latency against catalogue size (7 personas per item) from the CSV report of
/// <see cref="GrowthBenchmarks"/>, on log–log axes:
/// <c>dotnet run -c Release --project benchmarks/Persona4Rec.Benchmarks -- chart REPORT.csv OUT.png</c>.
/// </summary>
internal static class GrowthChart
{
    public static void Draw(string csvPath, string pngPath)
    {
        string[] lines = File.ReadAllLines(csvPath);
        char separator = lines[0].Contains(';', StringComparison.Ordinal) ? ';' : ',';
        string[] header = Split(lines[0], separator);
        int method = Array.IndexOf(header, "Method");
        int shape = Array.IndexOf(header, "Case");
        int median = Array.IndexOf(header, "Median");
        var series = new SortedDictionary<string, SortedDictionary<double, double>>(StringComparer.Ordinal);
        foreach (string line in lines.Skip(1))
        {
            string[] cells = Split(line, separator);
            string[] parts = cells[shape].Split('x');
            if (parts.Length != 2 || parts[1] != "7")
            {
                continue;
            }

            double personas = double.Parse(parts[0], CultureInfo.InvariantCulture);
            (series.TryGetValue(cells[method], out var points) ? points : series[cells[method]] = [])[personas] = ToMilliseconds(cells[median]);
        }

        var plot = new ScottPlot.Plot();
        foreach ((string name, SortedDictionary<double, double> points) in series)
        {
            var scatter = plot.Add.Scatter(points.Keys.Select(Math.Log10).ToArray(), points.Values.Select(Math.Log10).ToArray());
            scatter.LegendText = name;
        }

        double[] xTicks = [4, 5, 6];
        plot.Axes.Bottom.SetTicks(xTicks, ["10,000", "100,000", "1,000,000"]);
        double[] yTicks = [-1, 0, 1, 2, 3];
        plot.Axes.Left.SetTicks(yTicks, ["0.1", "1", "10", "100", "1,000"]);
        plot.XLabel("personas in the catalogue (7 per item, 384-d)");
        plot.YLabel("median top-10 latency, ms (one thread)");
        plot.Title("Full-catalogue search: latency against catalogue size");
        plot.ShowLegend();
        plot.SavePng(pngPath, 800, 500);
    }

    private static double ToMilliseconds(string value)
    {
        string[] parts = value.Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double number = double.Parse(parts[0], NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        return parts.Length < 2 ? number / 1e6 : parts[1] switch
        {
            "ns" => number / 1e6,
            "us" or "μs" => number / 1e3,
            "ms" => number,
            "s" => number * 1e3,
            _ => throw new FormatException($"Unknown time unit in '{value}'."),
        };
    }

    private static string[] Split(string line, char separator)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return [.. cells];
    }
}
