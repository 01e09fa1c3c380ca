using System.CommandLine;
using Persona4Rec.Cli.Reporting;

namespace Persona4Rec.Cli.Commands;

/// <summary><c>persona4rec eval</c>: the whole leave-one-out evaluation with a report and charts.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var reviews = Options.Reviews(required: true);
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
        var command = new Command("eval", "Leave-one-out evaluation: LLM-free personas and the index from training reviews, popularity and BPR-MF first stages, four rerankers, metrics with 95% intervals, explained examples, report.md with charts.")
        {
            reviews, meta, format, output, examples,
        };
        command.SetAction((parse, cancellationToken) => new MainJob(new MainJobSettings(
            parse.GetRequiredValue(reviews), parse.GetValue(meta), parse.GetValue(format), parse.GetValue(output)!, parse.GetValue(examples))).RunAsync(cancellationToken));
        return command;
    }
}
