using Persona4Rec.Evaluation;
using ScottPlot;

namespace Persona4Rec.Cli.Reporting;

/// <summary>The report's PNG charts, drawn with ScottPlot from the evaluation rows.</summary>
internal static class Charts
{
    private static readonly ScottPlot.Palettes.Category10 Palette = new ScottPlot.Palettes.Category10();

    /// <summary>One metric of every reranker, grouped by first stage, with 95% intervals as whiskers (the standard protocol).</summary>
    public static void RerankerBars(EvaluationReport report, string metric, string path)
    {
        EvaluationRow[] rows = [.. report.Rows.Where(r => r.Protocol == PersonaEvaluation.StandardProtocol && r.Segment == PersonaEvaluation.AllUsers && r.Metric == metric)];
        string[] stages = [.. rows.Select(r => r.FirstStage).Distinct()];
        string[] rerankers = [.. rows.Select(r => r.Reranker).Distinct()];
        GroupedBars(rows, stages, r => r.FirstStage, rerankers, $"{metric} by reranker (whiskers: 95% bootstrap interval over users)", metric, path);
    }

    /// <summary>NDCG@10 per user segment for one first stage.</summary>
    public static void Segments(EvaluationReport report, string firstStage, string path)
    {
        EvaluationRow[] rows = [.. report.Rows.Where(r => r.Protocol == PersonaEvaluation.StandardProtocol && r.FirstStage == firstStage && r.Metric == "NDCG@10")];
        string[] segments = [.. rows.Select(r => r.Segment).Distinct()];
        string[] rerankers = [.. rows.Select(r => r.Reranker).Distinct()];
        GroupedBars(rows, segments, r => r.Segment, rerankers, $"NDCG@10 by segment, first stage {firstStage}", "NDCG@10", path);
    }

    /// <summary>NDCG at every cut-off, one line per first stage and reranker.</summary>
    public static void Cutoffs(EvaluationReport report, string path)
    {
        var plot = new Plot();
        EvaluationRow[] ndcg = [.. report.Rows.Where(r => r.Protocol == PersonaEvaluation.StandardProtocol && r.Segment == PersonaEvaluation.AllUsers && r.Metric.StartsWith("NDCG@", StringComparison.Ordinal))];
        string[] stages = [.. ndcg.Select(r => r.FirstStage).Distinct()];
        string[] rerankers = [.. ndcg.Select(r => r.Reranker).Distinct()];
        foreach (var line in ndcg.GroupBy(r => (r.FirstStage, r.Reranker)))
        {
            EvaluationRow[] points = [.. line.OrderBy(r => CutoffOf(r.Metric))];
            var scatter = plot.Add.Scatter(points.Select(p => (double)CutoffOf(p.Metric)).ToArray(), points.Select(p => p.Value.Mean).ToArray());
            scatter.LegendText = $"{line.Key.FirstStage}: {line.Key.Reranker}";
            scatter.Color = Palette.GetColor(Array.IndexOf(rerankers, line.Key.Reranker));
            scatter.LinePattern = Array.IndexOf(stages, line.Key.FirstStage) == 0 ? LinePattern.Solid : LinePattern.Dashed;
        }

        plot.Title("NDCG@K for K = 5, 10, 20");
        plot.XLabel("K");
        plot.YLabel("NDCG@K");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }

    private static int CutoffOf(string metric) => int.Parse(metric.AsSpan(metric.IndexOf('@') + 1), System.Globalization.CultureInfo.InvariantCulture);

    private static void GroupedBars(EvaluationRow[] rows, string[] groups, Func<EvaluationRow, string> groupOf, string[] rerankers, string title, string yLabel, string path)
    {
        var plot = new Plot();
        const double GroupWidth = 0.8;
        double barWidth = GroupWidth / rerankers.Length;
        var bars = new List<Bar>();
        for (int g = 0; g < groups.Length; g++)
        {
            for (int r = 0; r < rerankers.Length; r++)
            {
                EvaluationRow? row = rows.FirstOrDefault(x => groupOf(x) == groups[g] && x.Reranker == rerankers[r]);
                if (row is null)
                {
                    continue;
                }

                double center = g - (GroupWidth / 2) + ((r + 0.5) * barWidth);
                bars.Add(new Bar
                {
                    Position = center,
                    Value = row.Value.Mean,
                    // ScottPlot draws symmetric whiskers; the wider side of the bootstrap interval keeps them honest.
                    Error = Math.Max(row.Value.Upper - row.Value.Mean, row.Value.Mean - row.Value.Lower),
                    FillColor = Palette.GetColor(r),
                    Size = barWidth * 0.9,
                });
            }
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, groups.Length).Select(i => (double)i)], [.. groups.Select(Wrap)]);
        for (int r = 0; r < rerankers.Length; r++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = rerankers[r], FillColor = Palette.GetColor(r) });
        }

        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        // Headroom above the highest whisker for the legend.
        plot.Axes.SetLimitsY(0, Math.Max(0.01, bars.Max(b => b.Value + b.Error)) * 1.35);
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.SavePng(path, 1000, 560);
    }

    private static string Wrap(string label) => label.Length <= 18 ? label : label.Replace(" (", "\n(", StringComparison.Ordinal);
}
