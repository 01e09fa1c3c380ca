using System.CommandLine;
using Persona4Rec.Cli.Reporting;
using Persona4Rec.Evaluation;

namespace Persona4Rec.Cli.Commands;

/// <summary><c>persona4rec eval</c>: the whole leave-one-out evaluation with a report and charts (the main job).</summary>
public static class EvalCommand
{
    /// <summary>What the command does, for its help text.</summary>
    public const string Description = "Leave-one-out evaluation: LLM-free personas and the index from training reviews, popularity and BPR-MF first stages, hybrid first stages with the persona search, five rerankers including the blend learned on validation (the default), two protocols, metrics with 95% intervals, explained examples, report.md with charts and results.json.";

    /// <summary>The tool's <c>eval</c> command.</summary>
    public static Command Create() => Configure(new Command("eval", Description), requireReviews: true);

    /// <summary>
    /// Adds the options and the action to <paramref name="command"/>; without
    /// <paramref name="requireReviews"/>, a missing --reviews means the demo data next to the
    /// program (the EndToEnd sample).
    /// </summary>
    public static Command Configure(Command command, bool requireReviews)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reviews = Options.Reviews(required: requireReviews);
        if (!requireReviews)
        {
            reviews.Description = "Review file (.jsonl/.json, .gz accepted). Default: the bundled demo data (synthetic, see samples/data/README.md).";
        }

        var meta = Options.Meta();
        var format = Options.Format();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder: persona checkpoint, index, report.md and PNG charts. A rerun reuses the checkpoint.", DefaultValueFactory = _ => new DirectoryInfo("persona4rec-output") };
        var examples = new Option<int>("--examples") { Description = "How many example users to explain (0–50).", DefaultValueFactory = _ => 3 };
        examples.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 50)
            {
                result.AddError("--examples must be between 0 and 50.");
            }
        });
        var align = new Option<bool>("--train-alignment") { Description = "Also train the alignment layer (InfoNCE on the training split, early stopping on validation NDCG@10) and evaluate it as \"Persona4Rec trained\"." };
        var rank = new Option<int>("--alignment-rank") { Description = "Rank of the alignment layer.", DefaultValueFactory = _ => new AlignmentTrainerOptions().Rank };
        var temperature = new Option<float>("--alignment-temperature") { Description = "InfoNCE temperature.", DefaultValueFactory = _ => new AlignmentTrainerOptions().Temperature };
        var learningRate = new Option<float>("--alignment-learning-rate") { Description = "AdamW learning rate.", DefaultValueFactory = _ => new AlignmentTrainerOptions().LearningRate };
        var search = new Option<int>("--persona-search") { Description = "How many of the 20 candidates the persona index's full-catalogue search supplies in the hybrid first stages (\"+ persona search\"); 0 to skip them.", DefaultValueFactory = _ => MainJob.DefaultPersonaSearch };
        search.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 20)
            {
                result.AddError("--persona-search must be between 0 and 20.");
            }
        });
        var quantised = new Option<bool>("--quantised") { Description = "Also evaluate int8 and float16 copies of the index (without their float32 vectors) as \"Persona4Rec int8\" and \"Persona4Rec float16\", compared with float32." };
        foreach (Option option in new Option[] { reviews, meta, format, output, examples, align, rank, temperature, learningRate, quantised, search })
        {
            command.Options.Add(option);
        }

        EncoderOptions encoderOptions = new EncoderOptions().AddTo(command);
        command.SetAction((parse, cancellationToken) => new MainJob(new MainJobSettings(
            parse.GetValue(reviews), parse.GetValue(meta), parse.GetValue(format), parse.GetValue(output)!, parse.GetValue(examples),
            parse.GetValue(align)
                ? new AlignmentTrainerOptions { Rank = parse.GetValue(rank), Temperature = parse.GetValue(temperature), LearningRate = parse.GetValue(learningRate) }
                : null,
            parse.GetValue(quantised),
            parse.GetValue(search),
            encoderOptions.Read(parse))).RunAsync(cancellationToken));
        return command;
    }
}
