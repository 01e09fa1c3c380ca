using System.CommandLine;
using System.Diagnostics;
using Persona4Rec;
using Persona4Rec.Onnx;
using Persona4Rec.Samples.Evaluation;

// Leave-one-out evaluation on a review file (Amazon 2014 JSON lines), everything built from the
// training split: LLM-free personas (checkpointed), the local encoder, the persona index, the
// single-vector baseline, popularity and BPR-MF first stages; with --train-alignment also a
// trained alignment layer, evaluated as the extra reranker "Persona4Rec trained". Example:
//   dotnet run -c Release --project samples/Persona4Rec.Samples.Evaluation -- --reviews ../shared/data/amazon-musical-instruments/reviews.jsonl --out eval-out --train-alignment
var reviewsOption = new Option<string>("--reviews") { Description = "Amazon 2014 review file (.json/.jsonl, .gz accepted)", Required = true };
var outOption = new Option<string>("--out") { Description = "output folder: checkpoint, index, report.md", DefaultValueFactory = _ => "evaluation-output" };
var alignOption = new Option<bool>("--train-alignment") { Description = "also train the alignment layer and evaluate it against the vanilla index" };
var rankOption = new Option<int>("--alignment-rank") { Description = "rank of the alignment layer", DefaultValueFactory = _ => new AlignmentTrainerOptions().Rank };
var temperatureOption = new Option<float>("--alignment-temperature") { Description = "InfoNCE temperature", DefaultValueFactory = _ => new AlignmentTrainerOptions().Temperature };
var learningRateOption = new Option<float>("--alignment-learning-rate") { Description = "AdamW learning rate", DefaultValueFactory = _ => new AlignmentTrainerOptions().LearningRate };
var root = new RootCommand("Persona4Rec leave-one-out evaluation") { reviewsOption, outOption, alignOption, rankOption, temperatureOption, learningRateOption };
root.SetAction(async (parse, cancellationToken) =>
{
    var clock = Stopwatch.StartNew();
    string output = Directory.CreateDirectory(parse.GetValue(outOption)!).FullName;
    ReviewFileResult data = ReviewFileReader.ReadAmazon2014(parse.GetValue(reviewsOption)!);
    var split = LeaveOneOutSplit.Create(data.Reviews);
    Console.WriteLine($"{data.Reviews.Count} reviews ({data.BadLines.Count} bad lines), {split.Test.Count} users evaluated, {split.Train.Count} training reviews.");

    using var embeddings = new OnnxEmbeddingGenerator();
    var encoder = new EmbeddingPersonaEncoder(embeddings);
    string checkpoint = Path.Combine(output, "personas.jsonl");
    var pipeline = new PersonaPipeline(new ReviewPersonaGenerator(embeddings), new PersonaPipelineOptions { CheckpointPath = checkpoint, MaxConcurrency = 1, GeneratorVersion = "review-derived-v1" });
    PersonaPipelineSummary generation = await pipeline.RunAsync(
        split.Train.GroupBy(r => r.ItemId).Select(g => new CatalogueItem(ItemInfo.FromId(g.Key), [.. g])), cancellationToken: cancellationToken);
    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] personas: {generation.Generated} generated, {generation.Skipped} from the checkpoint, {generation.Failed} failed.");

    var builder = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId);
    foreach (ItemPersonas item in PersonaPipeline.ReadCheckpoint(checkpoint).Where(i => i.Personas.Count > 0))
    {
        builder.Add(item, await encoder.EncodePersonasAsync([.. item.Personas.Select(p => new PersonaText(p, item.Summary))], cancellationToken));
    }

    PersonaIndex index = builder.Build();
    index.Save(Path.Combine(output, "personas.p4r"));
    PersonaIndex single = await SingleVectorBaseline.BuildAsync(encoder, split.Train, cancellationToken: cancellationToken);
    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] index: {index.ItemCount} items, {index.PersonaCount} personas; single-vector baseline: {single.ItemCount} items.");

    var stages = new Dictionary<string, ICandidateSource>
    {
        ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest),
        ["BPR-MF"] = new BprMfCandidateSource(split.Train, split.ItemsBeforeTest),
    };
    var evaluationOptions = new PersonaEvaluationOptions();
    string alignment = string.Empty;
    if (parse.GetValue(alignOption))
    {
        var trainerOptions = new AlignmentTrainerOptions
        {
            Rank = parse.GetValue(rankOption),
            Temperature = parse.GetValue(temperatureOption),
            LearningRate = parse.GetValue(learningRateOption),
        };
        (PersonaIndex aligned, alignment) = await AlignmentStep.RunAsync(split, index, encoder, trainerOptions, output, cancellationToken);
        evaluationOptions.AdditionalIndexes = new Dictionary<string, PersonaIndex> { ["Persona4Rec trained"] = aligned };
        Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] alignment trained; aligned index saved and reloaded.");
    }

    EvaluationReport report = await PersonaEvaluation.RunAsync(split, index, single, encoder, stages, evaluationOptions, cancellationToken);
    string markdown = alignment + Environment.NewLine + report.ToMarkdown();
    await File.WriteAllTextAsync(Path.Combine(output, "report.md"), markdown, cancellationToken);
    Console.WriteLine(markdown);
    Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] done; report written to {Path.Combine(output, "report.md")}.");
    return 0;
});
return await root.Parse(args).InvokeAsync();
