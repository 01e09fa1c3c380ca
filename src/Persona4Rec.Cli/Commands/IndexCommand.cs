using System.CommandLine;
using System.Globalization;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary><c>persona4rec index</c>: encode a checkpoint's personas with the local model and write the index file.</summary>
internal static class IndexCommand
{
    public static Command Create()
    {
        var personas = new Option<FileInfo>("--personas", "-p") { Description = "Checkpoint file written by 'persona4rec personas'.", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Index file to write (atomically: no partial file is ever visible under this name).", DefaultValueFactory = _ => new FileInfo("personas.p4r") };
        var command = new Command("index", "Encode personas with the local ONNX model (all-MiniLM-L6-v2) and write the index file a host application loads.") { personas, output };
        EncoderOptions encoderOptions = new EncoderOptions().AddTo(command);
        command.SetAction((parse, cancellationToken) => ExitCodes.GuardAsync(async () =>
        {
            string checkpoint = parse.GetRequiredValue(personas).FullName;
            if (!File.Exists(checkpoint) && !Directory.Exists(checkpoint))
            {
                throw new FileNotFoundException($"The checkpoint '{checkpoint}' does not exist; write it with 'persona4rec personas'.", checkpoint);
            }

            ItemPersonas[] items = OfflineSteps.Indexable(PersonaPipeline.ReadCheckpoint(checkpoint), $"'{checkpoint}'");
            if (items.Length == 0)
            {
                throw new InvalidDataException($"'{checkpoint}' holds no item with personas or a summary.");
            }

            // The index's limits, checked before minutes of encoding rather than after.
            if (items.FirstOrDefault(i => i.Personas.Count > PersonaIndexLimits.MaxPersonasPerItem) is { } crowded)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"Item '{crowded.ItemId}' in '{checkpoint}' has {crowded.Personas.Count:N0} personas; an index holds at most {PersonaIndexLimits.MaxPersonasPerItem:N0} per item."));
            }

            OnnxEmbeddingGeneratorOptions generatorOptions = encoderOptions.Read(parse);
            using var embeddings = new OnnxEmbeddingGenerator(generatorOptions);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{EncoderOptions.Describe(embeddings, generatorOptions)}");
            var encoder = new EmbeddingPersonaEncoder(embeddings);
            string indexPath = parse.GetValue(output)!.FullName;
            await OfflineSteps.WithProgressAsync("encode personas", OfflineSteps.PersonaCount(items), "texts", async task =>
            {
                await OfflineSteps.BuildIndexAsync(items, encoder, indexPath, task, cancellationToken).ConfigureAwait(false);
                return 0;
            }).ConfigureAwait(false);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{indexPath}: {items.Length:N0} items, {items.Sum(i => i.Personas.Count):N0} personas, {new FileInfo(indexPath).Length:N0} bytes.");
            return ExitCodes.Success;
        }));
        return command;
    }
}
