using System.Globalization;
using Persona4Rec.Evaluation;
using Spectre.Console;

namespace Persona4Rec.Cli.Reporting;

/// <summary>The console side of the report: Spectre tables and panels.</summary>
internal static class ConsoleReport
{
    private static readonly string[] Shown = ["NDCG@10", "HR@10", "MRR@10"];

    public static void Metrics(EvaluationReport report)
    {
        var table = new Table().Title(Markup.Escape("Leave-one-out, all users: mean [95% bootstrap interval]"));
        table.AddColumn("first stage").AddColumn("reranker");
        foreach (string metric in Shown)
        {
            table.AddColumn(new TableColumn(metric).RightAligned());
        }

        foreach (var row in report.Rows.Where(r => r.Segment == PersonaEvaluation.AllUsers).GroupBy(r => (r.Protocol, r.FirstStage, r.Reranker)))
        {
            AddTextRow(table, [Stage(row.Key.FirstStage, row.Key.Protocol), row.Key.Reranker, .. Shown.Select(m => Format(row.Single(r => r.Metric == m).Value))]);
        }

        AnsiConsole.Write(table);
        var comparisons = new Table().Title("Paired differences in NDCG@10 (an interval containing 0 is a tie)");
        comparisons.AddColumn("first stage").AddColumn("comparison").AddColumn(new TableColumn("difference").RightAligned()).AddColumn("verdict");
        foreach (EvaluationComparison c in report.Comparisons)
        {
            string verdict = c.Difference.ContainsZero ? "tie" : c.Difference.Mean > 0 ? $"{c.Better} better" : $"{c.Worse} better";
            AddTextRow(comparisons, [Stage(c.FirstStage, c.Protocol), $"{c.Better} − {c.Worse}", Format(c.Difference), verdict]);
        }

        AnsiConsole.Write(comparisons);
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{report.OnlineLatency?.Describe() ?? $"Online path: {report.MeanOnlineMicroseconds.ToString("F1", CultureInfo.InvariantCulture)} µs per request on average."}");
    }

    public static void Examples(IReadOnlyList<ExampleUser> users)
    {
        foreach (ExampleUser user in users)
        {
            var lines = new List<string> { "[bold]Recent history[/]" };
            lines.AddRange(user.History.Select(h => Markup.Escape($"  {h.Time:yyyy-MM-dd} {user.Describe(h.ItemId)}: \"{h.Review}\"")));
            lines.Add(Markup.Escape($"Held-out next item: {user.Describe(user.HeldOutItemId)} — {(user.HeldOutRank is int rank ? $"ranked {rank} of {user.CandidateCount}" : "not among the BPR-MF candidates")}"));
            lines.Add("[bold]Top recommendations (BPR-MF candidates reranked by the default reranker)[/]");
            foreach (Recommendation r in user.Recommendations)
            {
                lines.Add(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"  {r.Rank}. {user.Describe(r.Item.ItemId)} (score {r.Item.Score:F3}) — matched persona \"{r.Explanation.PersonaName}\"")));
                lines.Add(Markup.Escape($"     who: {r.Explanation.PersonaDescription}"));
                lines.Add(Markup.Escape($"     why: {r.Explanation.PreferenceRationale}"));
                foreach (ReviewQuote quote in r.Explanation.Quotes)
                {
                    lines.Add("     [grey]" + Markup.Escape($"review {quote.ReviewId}: \"{quote.Text}\"") + "[/]");
                }
            }

            // Redirected output is 1,000 columns wide (Program.cs): a panel expanded to it would not fit a log.
            var panel = new Panel(string.Join('\n', lines)).Header(Markup.Escape($"User {user.UserId}"));
            AnsiConsole.Write(Console.IsOutputRedirected ? panel : panel.Expand());
        }
    }

    public static void Timings(IReadOnlyList<(string Step, TimeSpan Time)> timings, TimeSpan total)
    {
        var table = new Table().Title("Time per step").AddColumn("step").AddColumn(new TableColumn("seconds").RightAligned());
        foreach ((string step, TimeSpan time) in timings)
        {
            AddTextRow(table, step, time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        }

        AddTextRow(table, "total", total.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    /// <summary>Adds a row of plain text (interval brackets are not Spectre markup).</summary>
    private static void AddTextRow(Table table, params string[] cells) => table.AddRow([.. cells.Select(cell => new Text(cell))]);

    private static string Stage(string firstStage, string protocol) =>
        protocol == PersonaEvaluation.StandardProtocol ? firstStage : $"{firstStage} ({protocol})";

    private static string Format(Estimate e) => string.Create(CultureInfo.InvariantCulture, $"{e.Mean:0.0000} [{e.Lower:0.0000}, {e.Upper:0.0000}]");
}
