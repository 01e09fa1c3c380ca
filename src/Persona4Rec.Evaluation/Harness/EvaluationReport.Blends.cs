using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Persona4Rec.Evaluation;

/// <content>The learned blends in Markdown, and every figure as machine-readable JSON.</content>
public sealed partial record EvaluationReport
{
    /// <summary>The value of the <c>format</c> field of <see cref="ToJson"/>.</summary>
    public const string JsonFormat = "persona4rec-evaluation-results";

    /// <summary>
    /// Every figure of the run as JSON (<c>results.json</c>): metrics with intervals and user counts
    /// per protocol, first stage, reranker and segment; paired differences with intervals; the
    /// learned blends with their weights and how they were chosen; the default reranker.
    /// </summary>
    /// <returns>Indented JSON text, format <see cref="JsonFormat"/> version 1.</returns>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["format"] = JsonFormat,
            ["version"] = 1,
            ["defaultReranker"] = Blends.Count > 0 ? PersonaEvaluation.Blend : PersonaEvaluation.Persona4Rec,
            ["protocols"] = new JsonArray([.. Rows.Select(r => r.Protocol).Distinct().Select(p => JsonValue.Create(p))]),
            ["meanOnlineMicroseconds"] = MeanOnlineMicroseconds,
            ["metrics"] = new JsonArray([.. Rows.Select(r => new JsonObject
            {
                ["protocol"] = r.Protocol,
                ["firstStage"] = r.FirstStage,
                ["reranker"] = r.Reranker,
                ["segment"] = r.Segment,
                ["metric"] = r.Metric,
                ["users"] = r.Users,
                ["mean"] = r.Value.Mean,
                ["lower"] = r.Value.Lower,
                ["upper"] = r.Value.Upper,
            })]),
            ["pairedDifferences"] = new JsonArray([.. Comparisons.Select(c => new JsonObject
            {
                ["protocol"] = c.Protocol,
                ["firstStage"] = c.FirstStage,
                ["metric"] = c.Metric,
                ["reranker"] = c.Better,
                ["minus"] = c.Worse,
                ["users"] = c.Users,
                ["mean"] = c.Difference.Mean,
                ["lower"] = c.Difference.Lower,
                ["upper"] = c.Difference.Upper,
                ["verdict"] = c.Difference.ContainsZero ? "tie" : c.Difference.Mean > 0 ? "better" : "worse",
            })]),
            ["blends"] = new JsonArray([.. Blends.Select(b => new JsonObject
            {
                ["protocol"] = b.Protocol,
                ["firstStage"] = b.FirstStage,
                ["fold"] = b.Fold,
                ["kind"] = b.Fit.Blend.Kind.ToString(),
                ["weights"] = new JsonObject(RerankBlend.FeatureNames.Select((name, i) => KeyValuePair.Create(name, (JsonNode?)b.Fit.Blend.Weights[i]))),
                ["convexWeight"] = b.Fit.ConvexWeight,
                ["crossValidatedNdcg10"] = new JsonObject(b.Fit.CrossValidatedNdcg.Select(p => KeyValuePair.Create(p.Key.ToString(), (JsonNode?)p.Value))),
                ["convexCurve"] = new JsonArray([.. b.Fit.ConvexCurve.Select(p => new JsonObject { ["alpha"] = p.Alpha, ["ndcg10"] = p.Ndcg })]),
                ["queries"] = b.Fit.Queries,
                ["queriesWithPositive"] = b.Fit.QueriesWithPositive,
            })]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private void AppendBlends(StringBuilder text)
    {
        if (Blends.Count == 0)
        {
            return;
        }

        IFormatProvider c = CultureInfo.InvariantCulture;
        text.AppendLine().AppendLine("Blends learned on validation (weights on standardised features; the kind is chosen by out-of-fold NDCG@10 of an inner 5-fold cross-validation by user, the first stage alone winning ties):").AppendLine();
        text.Append("| first stage | protocol | users fitted (positive among candidates) | kind | convex α | out-of-fold NDCG@10: first stage / convex / pairwise | ")
            .Append(string.Join(" | ", RerankBlend.FeatureNames)).AppendLine(" |");
        text.Append("|---|---|---:|---|---:|---|").Append(string.Concat(RerankBlend.FeatureNames.Select(_ => "---:|"))).AppendLine();
        foreach (EvaluationBlend b in Blends)
        {
            string protocol = b.Fold is int fold ? $"{b.Protocol}, half {fold + 1}" : b.Protocol;
            IReadOnlyDictionary<RerankBlendKind, double> cv = b.Fit.CrossValidatedNdcg;
            text.Append(c, $"| {b.FirstStage} | {protocol} | {b.Fit.Queries} ({b.Fit.QueriesWithPositive}) | {b.Fit.Blend.Kind} | {b.Fit.ConvexWeight:0.00} | ")
                .Append(c, $"{cv[RerankBlendKind.FirstStageOnly]:0.0000} / {cv[RerankBlendKind.Convex]:0.0000} / {cv[RerankBlendKind.Pairwise]:0.0000} | ")
                .Append(string.Join(" | ", b.Fit.Blend.Weights.Select(w => w.ToString("0.000", c)))).AppendLine(" |");
        }
    }
}
