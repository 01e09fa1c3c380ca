using System.Globalization;
using System.Text;

namespace Persona4Rec.Evaluation;

/// <summary>One metric of one reranker on one segment of users.</summary>
/// <param name="FirstStage">The first stage that proposed the candidates.</param>
/// <param name="Reranker">The reranker (first-stage order, single vector, Persona4Rec).</param>
/// <param name="Segment">All users, or a segment such as warm users or tail items.</param>
/// <param name="Metric">For example <c>NDCG@10</c>.</param>
/// <param name="Users">Users in the segment.</param>
/// <param name="Value">The mean with its 95% bootstrap interval.</param>
public sealed record EvaluationRow(string FirstStage, string Reranker, string Segment, string Metric, int Users, Estimate Value)
{
    /// <summary>Gets the protocol: <see cref="PersonaEvaluation.StandardProtocol"/> (the default) or <see cref="PersonaEvaluation.CrossFittedProtocol"/>.</summary>
    public string Protocol { get; init; } = PersonaEvaluation.StandardProtocol;
}

/// <summary>A paired comparison of two rerankers on the same users.</summary>
/// <param name="FirstStage">The first stage.</param>
/// <param name="Metric">The metric compared.</param>
/// <param name="Better">The reranker whose value the difference starts from.</param>
/// <param name="Worse">The reranker subtracted.</param>
/// <param name="Difference">Mean per-user difference with its paired 95% interval; containing zero is a tie.</param>
public sealed record EvaluationComparison(string FirstStage, string Metric, string Better, string Worse, Estimate Difference)
{
    /// <summary>Gets the protocol: <see cref="PersonaEvaluation.StandardProtocol"/> (the default) or <see cref="PersonaEvaluation.CrossFittedProtocol"/>.</summary>
    public string Protocol { get; init; } = PersonaEvaluation.StandardProtocol;

    /// <summary>Gets how many users the difference is over (0 when not recorded).</summary>
    public int Users { get; init; }
}

/// <summary>A blend fitted during an evaluation.</summary>
/// <param name="FirstStage">The first stage whose candidates it was fitted on.</param>
/// <param name="Protocol">The protocol it served.</param>
/// <param name="Fold">In the cross-fitted protocol, the half of the users it was evaluated on (fitted on the other half); otherwise <see langword="null"/>.</param>
/// <param name="Fit">What was learned and how it was chosen.</param>
public sealed record EvaluationBlend(string FirstStage, string Protocol, int? Fold, RerankBlendFit Fit);

/// <summary>The result of <see cref="PersonaEvaluation"/>: metrics with intervals, paired comparisons and the online latency.</summary>
/// <param name="Rows">Every metric of every reranker and segment.</param>
/// <param name="Comparisons">Persona4Rec against each other reranker.</param>
/// <param name="MeanOnlineMicroseconds">Mean wall time of one online request (profile from cached vectors + rerank) after the warm-up, in microseconds; <see cref="OnlineLatency"/> has the median and 99th percentile.</param>
public sealed partial record EvaluationReport(IReadOnlyList<EvaluationRow> Rows, IReadOnlyList<EvaluationComparison> Comparisons, double MeanOnlineMicroseconds)
{
    /// <summary>Gets the blends fitted on validation (empty when none was).</summary>
    public IReadOnlyList<EvaluationBlend> Blends { get; init; } = [];

    /// <summary>Gets the online path's median and 99th-percentile latency, or <see langword="null"/> for a report not made by <see cref="PersonaEvaluation"/>.</summary>
    public OnlineLatency? OnlineLatency { get; init; }

    /// <summary>Renders the report as Markdown tables.</summary>
    /// <returns>The Markdown text.</returns>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        foreach (var stage in Rows.GroupBy(r => (r.Protocol, r.FirstStage)))
        {
            text.Append("### First stage: ").Append(stage.Key.FirstStage).AppendLine(ProtocolNote(stage.Key.Protocol)).AppendLine();
            string[] metrics = [.. stage.Where(r => r.Segment == PersonaEvaluation.AllUsers).Select(r => r.Metric).Distinct()];
            text.Append("| reranker | ").Append(string.Join(" | ", metrics)).AppendLine(" |");
            text.Append("|---|").Append(string.Concat(metrics.Select(_ => "---:|"))).AppendLine();
            foreach (var reranker in stage.Where(r => r.Segment == PersonaEvaluation.AllUsers).GroupBy(r => r.Reranker))
            {
                text.Append("| ").Append(reranker.Key).Append(" | ")
                    .Append(string.Join(" | ", metrics.Select(m => Format(reranker.Single(r => r.Metric == m).Value))))
                    .AppendLine(" |");
            }

            text.AppendLine().AppendLine("Segments at @10 (NDCG@10, HR@10):").AppendLine();
            text.AppendLine("| reranker | segment | users | NDCG@10 | HR@10 |").AppendLine("|---|---|---:|---:|---:|");
            foreach (var group in stage.Where(r => r.Segment != PersonaEvaluation.AllUsers).GroupBy(r => (r.Reranker, r.Segment)))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {group.Key.Reranker} | {group.Key.Segment} | {group.First().Users} | ")
                    .Append(Format(group.Single(r => r.Metric == "NDCG@10").Value)).Append(" | ")
                    .Append(Format(group.Single(r => r.Metric == "HR@10").Value)).AppendLine(" |");
            }

            text.AppendLine();
        }

        text.AppendLine("Paired differences (95% interval; an interval containing 0 is a tie):").AppendLine();
        text.AppendLine("| first stage | metric | comparison | difference | verdict |").AppendLine("|---|---|---|---:|---|");
        foreach (EvaluationComparison c in Comparisons)
        {
            string verdict = c.Difference.ContainsZero ? "tie" : c.Difference.Mean > 0 ? $"{c.Better} better" : $"{c.Worse} better";
            text.Append(CultureInfo.InvariantCulture, $"| {c.FirstStage}{ProtocolNote(c.Protocol)} | {c.Metric} | {c.Better} − {c.Worse} | {Format(c.Difference)} | {verdict} |").AppendLine();
        }

        AppendBlends(text);
        text.AppendLine().Append(OnlineLatency?.Describe() ?? string.Create(CultureInfo.InvariantCulture, $"Online path (profile from cached vectors + rerank of the candidates): {MeanOnlineMicroseconds:F1} µs per request on average.")).AppendLine();
        return text.ToString();
    }

    private static string ProtocolNote(string protocol) => protocol == PersonaEvaluation.StandardProtocol ? string.Empty : $" ({protocol})";

    private static string Format(Estimate e) => string.Create(CultureInfo.InvariantCulture, $"{e.Mean:0.0000} [{e.Lower:0.0000}, {e.Upper:0.0000}]");
}
