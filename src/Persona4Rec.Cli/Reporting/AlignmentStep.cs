using System.Globalization;
using System.Text;
using Persona4Rec.Evaluation;

namespace Persona4Rec.Cli.Reporting;

/// <summary>
/// The <c>--train-alignment</c> step: trains the alignment layer on the training split, prints the
/// learning curve as it goes, saves the aligned index and loads it back (so the evaluation scores
/// the file a host would load), and renders the curve as Markdown.
/// </summary>
internal static class AlignmentStep
{
    public static async Task<(PersonaIndex Aligned, string Markdown)> RunAsync(
        LeaveOneOutSplit split, PersonaIndex index, string indexPath, IPersonaEncoder encoder, AlignmentTrainerOptions options, string output, CancellationToken cancellationToken)
    {
        var trainer = new AlignmentTrainer(options);
        AlignmentTrainingResult result = await trainer.TrainAsync(split, index, encoder, progress: new ConsoleProgress(), cancellationToken: cancellationToken).ConfigureAwait(false);
        string path = Path.Combine(output, "personas-aligned.p4r");
        index.WithAlignment(result.Layer).Save(path);
        PersonaIndex aligned = PersonaIndex.Load(path);
        string keep = KeepVanillaNote(path, indexPath);
        Spectre.Console.AnsiConsole.WriteLine(keep);

        var text = new StringBuilder();
        text.AppendLine("## Alignment training").AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"Rank {options.Rank}, temperature {options.Temperature}, learning rate {options.LearningRate}, weight decay {options.WeightDecay}, batch {options.BatchSize}, seed {options.Seed}; ")
            .Append(CultureInfo.InvariantCulture, $"{result.TrainingPairs} training pairs ({result.JudgeLabelled} judge-labelled); {result.ValidationUsers} validation users, ")
            .Append(CultureInfo.InvariantCulture, $"{result.ValidationUsersWithPositive} with their validation item among the {options.ValidationCandidates} popularity candidates; ")
            .Append(CultureInfo.InvariantCulture, $"best epoch {result.BestEpoch}; encoding {result.EncodingTime.TotalSeconds:F1} s, training {result.TrainingTime.TotalSeconds:F1} s.")
            .AppendLine().AppendLine();
        text.AppendLine(keep).AppendLine();
        text.AppendLine("| epoch | training loss | validation NDCG@10 | elapsed (s) |").AppendLine("|---:|---:|---:|---:|");
        foreach (AlignmentEpoch epoch in result.Epochs)
        {
            string marker = epoch.Epoch == result.BestEpoch ? " (chosen)" : string.Empty;
            text.Append(CultureInfo.InvariantCulture, $"| {epoch.Epoch}{marker} | {epoch.TrainingLoss:F4} | {epoch.ValidationNdcg:F4} | {epoch.Elapsed.TotalSeconds:F1} |").AppendLine();
        }

        return (aligned, text.ToString());
    }

    /// <summary>The aligned file keeps only aligned vectors (docs/index-format.md), so the user must keep the vanilla one to train again.</summary>
    internal static string KeepVanillaNote(string alignedPath, string vanillaPath) =>
        $"Saved the aligned index to {alignedPath}. It stores only the aligned vectors; training the layer again starts from the vanilla index {vanillaPath}, so keep that file too.";

    /// <summary>Prints each epoch as it is reported, on the training thread (no reordering).</summary>
    private sealed class ConsoleProgress : IProgress<AlignmentEpoch>
    {
        public void Report(AlignmentEpoch value) =>
            Spectre.Console.AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  alignment epoch {value.Epoch,2}: loss {value.TrainingLoss:F4}, validation NDCG@10 {value.ValidationNdcg:F4} [{value.Elapsed.TotalSeconds:F1} s]"));
    }
}
