using System.Globalization;
using System.Text;
using Persona4Rec.Evaluation;
using Persona4Rec.Offline;

namespace Persona4Rec.Cli.Reporting;

/// <summary>What the run did, for the report.</summary>
internal sealed record RunFacts(
    string ReviewPath,
    bool Demo,
    ReviewFileResult Data,
    LeaveOneOutSplit Split,
    int ItemCount,
    PersonaPipelineSummary Generation,
    PersonaIndex Index,
    string IndexPath,
    IReadOnlyList<(string Step, TimeSpan Time)> Timings,
    TimeSpan Total,
    IReadOnlyList<string> Charts,
    RerankBlend DefaultBlend);

/// <summary>Writes report.md: the data, the index, every metric with its interval, the charts, the examples and the timings.</summary>
internal static class MarkdownReport
{
    public static string Write(RunFacts run, EvaluationReport report, IReadOnlyList<ExampleUser> examples)
    {
        var text = new StringBuilder();
        IFormatProvider c = CultureInfo.InvariantCulture;
        text.AppendLine("# Persona4Rec report").AppendLine();
        text.Append(c, $"Written {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} logical cores ({System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}).").AppendLine().AppendLine();
        if (run.Demo)
        {
            text.AppendLine("> **Demo data.** These reviews are synthetic (written for this project, see `samples/data/README.md`): reviewers follow their kind of buyer more faithfully than real people do, so these figures show the pipeline working and say nothing about quality on real data. `docs/evaluation.md` has the figures on real reviews.").AppendLine();
        }

        text.AppendLine("## Data and index").AppendLine();
        text.Append(c, $"- Reviews: `{Path.GetFileName(run.ReviewPath)}`, {run.Data.Reviews.Count:N0} reviews of {run.ItemCount:N0} items, {run.Data.BadLines.Count} bad lines.").AppendLine();
        text.Append(c, $"- Leave-one-out by time: {run.Split.Test.Count:N0} users evaluated (last review = test, second last = validation), {run.Split.Train.Count:N0} training reviews. Personas, the single-vector baseline and both first stages see training reviews only.").AppendLine();
        text.Append(c, $"- Personas (LLM-free, review-derived): {run.Generation.Generated} items generated, {run.Generation.Skipped} reused from the checkpoint, {run.Generation.Failed} failed.").AppendLine();
        text.Append(c, $"- Index `{Path.GetFileName(run.IndexPath)}`: {run.Index.ItemCount:N0} items, {run.Index.PersonaCount:N0} personas, {run.Index.Dimension}-d, encoder `{run.Index.EncoderModelId}`, {new FileInfo(run.IndexPath).Length:N0} bytes.").AppendLine().AppendLine();

        text.AppendLine("## Metrics").AppendLine();
        text.AppendLine("Each first stage proposes 20 candidates per user (training and validation items excluded); the rerankers order the same 20. A first stage named \"+ persona search\" is the first stage's top 15 followed by the persona index's best 5 over the whole catalogue that it did not propose. Every figure is a mean over users with its 95% bootstrap interval; every figure is also in results.json.").AppendLine();
        text.Append(c, $"**The default reranker is {PersonaEvaluation.Blend}**: a blend of the first stage's rank and the persona signals learned on the validation items only, which keeps the first stage's order where the personas do not help on validation (the paper's pure persona rerank can make a first stage worse). For the {MainJob.DefaultFirstStage} first stage it learned **{run.DefaultBlend.Kind}**, saved as `{Path.GetFileName(RerankBlend.PathFor(run.IndexPath))}` beside the index, which `persona4rec recommend`, `AddPersona4Rec` and `PersonaRecommender` use by default.").AppendLine().AppendLine();
        text.Append(c, $"Two protocols: **{PersonaEvaluation.StandardProtocol}** ({run.Split.Test.Count:N0} users with three or more reviews; the blend fitted on their validation items) and **{PersonaEvaluation.CrossFittedProtocol}** (also the {run.Split.TestWithoutValidation.Count:N0} users with two reviews; the users are dealt into two halves and each half's blend is fitted on the other half's validation items only).").AppendLine().AppendLine();
        foreach (string chart in run.Charts)
        {
            text.Append(c, $"![{chart}]({chart})").AppendLine();
        }

        text.AppendLine().Append(report.ToMarkdown()).AppendLine();

        text.AppendLine("## Example recommendations").AppendLine();
        text.AppendLine("Users spread evenly over the sorted user ids (not chosen by result); the BPR-MF candidates reranked by the default reranker (the blend), with the matched persona as the explanation.").AppendLine();
        foreach (ExampleUser user in examples)
        {
            text.Append(c, $"### User `{user.UserId}`").AppendLine().AppendLine();
            text.AppendLine("Recent history:").AppendLine();
            foreach (HistoryEntry h in user.History)
            {
                text.Append(c, $"- {h.Time:yyyy-MM-dd} `{h.ItemId}`{Title(user, h.ItemId)}: “{h.Review}”").AppendLine();
            }

            text.AppendLine().Append(c, $"Held-out next item `{user.HeldOutItemId}`{Title(user, user.HeldOutItemId)}: {(user.HeldOutRank is int rank ? $"ranked {rank} of {user.CandidateCount}" : "not among the candidates")}.").AppendLine().AppendLine();
            foreach (Recommendation r in user.Recommendations)
            {
                text.Append(c, $"{r.Rank}. `{r.Item.ItemId}`{Title(user, r.Item.ItemId)} (score {r.Item.Score:F3}) — **{r.Explanation.PersonaName}**: {r.Explanation.PersonaDescription} *Why:* {r.Explanation.PreferenceRationale}").AppendLine();
                foreach (ReviewQuote quote in r.Explanation.Quotes)
                {
                    text.Append(c, $"   > review `{quote.ReviewId}`: “{quote.Text}”").AppendLine();
                }
            }

            text.AppendLine();
        }

        text.AppendLine("## Time per step").AppendLine();
        text.AppendLine("| step | seconds |").AppendLine("|---|---:|");
        foreach ((string step, TimeSpan time) in run.Timings)
        {
            text.Append(c, $"| {step} | {time.TotalSeconds:F1} |").AppendLine();
        }

        text.Append(c, $"| **total** | {run.Total.TotalSeconds:F1} |").AppendLine();
        return text.ToString();
    }

    private static string Title(ExampleUser user, string itemId) => user.TitleOf(itemId) is { Length: > 0 } title ? $" {title}" : string.Empty;
}
