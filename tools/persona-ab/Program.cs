using System.Globalization;
using Persona4Rec;
using Persona4Rec.Evaluation;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;

// Paired comparison of two persona indexes of the same data, e.g. before and after a change to the
// LLM-free generator. Each index comes from a main-job run (`--out <folder>` writes personas.p4r);
// both rerank the same candidates of the same first stages for the same users in one evaluation,
// so the difference is paired per user, with a 95% bootstrap interval (BootstrapInterval.PairedDifference).
//   dotnet run -c Release --project tools/persona-ab -- <reviews.jsonl> <old/personas.p4r> <new/personas.p4r>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: persona-ab <reviews.jsonl (Amazon 2014)> <old personas.p4r> <new personas.p4r>");
    return 2;
}

const string Old = "old personas";
ReviewFileResult data = ReviewFileReader.ReadAmazon2014(args[0]);
var split = LeaveOneOutSplit.Create(data.Reviews);
PersonaIndex oldIndex = PersonaIndex.Load(args[1]);
PersonaIndex newIndex = PersonaIndex.Load(args[2]);
using var embeddings = new OnnxEmbeddingGenerator();
var encoder = new EmbeddingPersonaEncoder(embeddings);
var firstStages = new Dictionary<string, ICandidateSource>
{
    ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest),
    ["BPR-MF"] = new BprMfCandidateSource(split.Train, split.ItemsBeforeTest),
};

// The single-vector slot takes the new index again: its baseline is not what is compared here.
EvaluationReport report = await PersonaEvaluation.RunAsync(split, newIndex, newIndex, encoder, firstStages,
    new PersonaEvaluationOptions { AdditionalIndexes = new Dictionary<string, PersonaIndex> { [Old] = oldIndex } });

Console.WriteLine($"{split.Test.Count} users; old index {oldIndex.PersonaCount} personas, new index {newIndex.PersonaCount} personas");
foreach (string stage in firstStages.Keys)
{
    foreach (string reranker in new[] { Old, PersonaEvaluation.Persona4Rec })
    {
        EvaluationRow row = report.Rows.Single(r => r.FirstStage == stage && r.Reranker == reranker && r.Segment == PersonaEvaluation.AllUsers && r.Metric == "NDCG@10");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage,-11} {(reranker == Old ? "old" : "new"),-4} NDCG@10 {row.Value.Mean:F4} [{row.Value.Lower:F4}, {row.Value.Upper:F4}]"));
    }

    // The evaluation reports old − new; new − old is its mirror image.
    Estimate d = report.Comparisons.Single(c => c.FirstStage == stage && c.Better == Old && c.Worse == PersonaEvaluation.Persona4Rec).Difference;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage,-11} new − old NDCG@10 {-d.Mean:+0.0000;-0.0000} [{-d.Upper:+0.0000;-0.0000}, {-d.Lower:+0.0000;-0.0000}] {(d.ContainsZero ? "tie" : (-d.Mean > 0 ? "new better" : "new worse"))}"));
}

return 0;
