using System.ClientModel;
using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using Persona4Rec.Onnx;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary><c>persona4rec personas</c>: personas for every item of a review file, resumably.</summary>
internal static class PersonasCommand
{
    public const string ApiKeyVariable = "PERSONA4REC_API_KEY";

    public static Command Create()
    {
        var reviews = Options.Reviews(required: true);
        var format = Options.Format();
        var meta = Options.Meta();
        var output = new Option<FileInfo>("--out", "-o") { Description = "Checkpoint file (JSON lines). A rerun resumes: items already in it with the same inputs are skipped.", DefaultValueFactory = _ => new FileInfo("personas.jsonl") };
        var provider = new Option<string>("--provider") { Description = "local: LLM-free, from the reviews (default); openai: any OpenAI-compatible server; ollama: an Ollama server.", DefaultValueFactory = _ => "local" };
        provider.AcceptOnlyFromAmong("local", "openai", "ollama");
        var endpoint = new Option<Uri?>("--endpoint") { Description = "Server address (openai: default https://api.openai.com/v1; ollama: default http://localhost:11434)." };
        var model = new Option<string?>("--model") { Description = "Model name (required for openai and ollama)." };
        var concurrency = new Option<int>("--concurrency") { Description = "Items in flight at once with an LLM.", DefaultValueFactory = _ => 4 };
        var command = new Command("personas", $"Generate 2–7 personas per item from a review file. With an LLM, the API key comes from the environment variable {ApiKeyVariable} (or OPENAI_API_KEY).")
        {
            reviews, format, meta, output, provider, endpoint, model, concurrency,
        };
        command.SetAction((parse, cancellationToken) => ExitCodes.GuardAsync(async () =>
        {
            ReviewFileResult data = DataFiles.ReadReviews(parse.GetRequiredValue(reviews).FullName, parse.GetValue(format));
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{data.Reviews.Count:N0} reviews, {data.BadLines.Count} bad lines.");
            DataFiles.ShowBadLines(data.BadLines);
            Dictionary<string, ItemInfo> metadata = parse.GetValue(meta) is { } metaFile ? DataFiles.ReadMetadata(metaFile.FullName, parse.GetValue(format)) : [];
            List<CatalogueItem> catalogue = Offline.Catalogue(data.Reviews, metadata);

            string chosen = parse.GetValue(provider)!;
            string? modelName = parse.GetValue(model);
            using OnnxEmbeddingGenerator? embeddings = chosen == "local" ? new OnnxEmbeddingGenerator() : null;
            using IChatClient? chat = chosen == "local" ? null : ChatClient(chosen, parse.GetValue(endpoint), modelName);
            IPersonaGenerator generator = chat is null
                ? new ReviewPersonaGenerator(embeddings!)
                : new LlmPersonaGenerator(chat, new LlmPersonaGeneratorOptions { ModelId = modelName });
            PersonaPipelineSummary summary = await Offline.WithProgressAsync("generate personas", catalogue.Count, task =>
                Offline.GenerateAsync(generator, chat is null ? "review-derived-v2" : $"{chosen}:{modelName}", chat is null ? 1 : parse.GetValue(concurrency),
                    catalogue, parse.GetValue(output)!.FullName, task, cancellationToken)).ConfigureAwait(false);

            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{summary.Generated} generated, {summary.Skipped} already in {parse.GetValue(output)!.Name}, {summary.Failed} failed.");
            foreach (PersonaFailure failure in summary.Failures.Take(10))
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [yellow]{failure.ItemId}:[/] {failure.Reason}");
            }

            return summary.Failed == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
        }));
        return command;
    }

    private static IChatClient ChatClient(string provider, Uri? endpoint, string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException($"--model is required with --provider {provider}.");
        }

        if (provider == "ollama")
        {
            return new OllamaApiClient(endpoint ?? new Uri("http://localhost:11434"), model);
        }

        string key = Environment.GetEnvironmentVariable(ApiKeyVariable) ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY")
            ?? throw new ArgumentException($"Set {ApiKeyVariable} (or OPENAI_API_KEY) to the API key; any value for a server without keys.");
        return new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = endpoint ?? new Uri("https://api.openai.com/v1") }).AsIChatClient();
    }
}
