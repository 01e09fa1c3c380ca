using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.AI;
using Persona4Rec.Cli.Llm;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;
using Spectre.Console;

namespace Persona4Rec.Cli.Commands;

/// <summary><c>persona4rec personas</c>: personas for every item of a review file, resumably.</summary>
internal static class PersonasCommand
{
    public static Command Create()
    {
        var reviews = Options.Reviews(required: true);
        var format = Options.Format();
        var meta = Options.Meta();
        var output = new Option<FileInfo>("--out", "-o") { Description = "Checkpoint file (JSON lines). A rerun resumes: items already in it with the same inputs are skipped.", DefaultValueFactory = _ => new FileInfo("personas.jsonl") };
        var provider = new Option<string>("--provider") { Description = "local: LLM-free, from the reviews (default); openai: OpenAI or any OpenAI-compatible server (Azure OpenAI v1, vLLM, llama.cpp, LM Studio); ollama: an Ollama server.", DefaultValueFactory = _ => "local" };
        provider.AcceptOnlyFromAmong("local", "openai", "ollama");
        var endpoint = new Option<Uri?>("--endpoint")
        {
            Description = $"Server address (openai: default {ChatClients.OpenAIDefault}, e.g. http://127.0.0.1:8000/v1 for vLLM; ollama: default {ChatClients.OllamaDefault}).",
            CustomParser = result =>
            {
                string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                Uri? uri = ChatClients.ParseEndpoint(text, out string? error);
                if (error is not null)
                {
                    result.AddError(error);
                }

                return uri;
            },
        };
        var model = new Option<string?>("--model") { Description = "Model name (required for openai and ollama; the deployment name on Azure OpenAI)." };
        var schema = new Option<string>("--schema") { Description = "Aspect slots the LLM extracts from each review: auto (restaurants for --format Yelp, else products), products, restaurants.", DefaultValueFactory = _ => "auto" };
        schema.AcceptOnlyFromAmong("auto", "products", "restaurants");
        var priceInput = new Option<decimal?>("--price-input") { Description = "The model's price per million input tokens (USD), for a cost estimate in the summary." };
        var priceOutput = new Option<decimal?>("--price-output") { Description = "The model's price per million output tokens (USD), for a cost estimate in the summary." };
        var concurrency = new Option<int>("--concurrency") { Description = "Items in flight at once with an LLM (the first item always runs alone, so a wrong key or model costs one request).", DefaultValueFactory = _ => 4 };
        var command = new Command("personas", $"Generate 2–7 personas per item from a review file. With an LLM, the API key comes from the environment variable {ChatClients.ApiKeyVariable} (or OPENAI_API_KEY).")
        {
            reviews, format, meta, output, provider, endpoint, model, schema, concurrency, priceInput, priceOutput,
        };
        EncoderOptions encoderOptions = new EncoderOptions().AddTo(command);
        command.SetAction((parse, cancellationToken) => ExitCodes.GuardAsync(async () =>
        {
            if (parse.GetValue(concurrency) < 1)
            {
                throw new ArgumentException($"--concurrency is {parse.GetValue(concurrency)}; it must be at least 1.");
            }

            ReviewFormat reviewFormat = parse.GetValue(format);
            ReviewFileResult data = DataFiles.ReadReviews(parse.GetRequiredValue(reviews).FullName, reviewFormat);
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{data.Reviews.Count:N0} reviews, {data.BadLines.Count} bad lines.");
            DataFiles.ShowBadLines(data.BadLines);
            Dictionary<string, ItemInfo> metadata = parse.GetValue(meta) is { } metaFile ? DataFiles.ReadMetadata(metaFile.FullName, reviewFormat) : [];
            IReadOnlyList<CatalogueItem> catalogue = CatalogueItem.FromReviews(data.Reviews, metadata);

            string chosen = parse.GetValue(provider)!;
            string? modelName = parse.GetValue(model);
            (AspectSchema aspectSchema, string why) = ChooseSchema(parse.GetValue(schema)!, reviewFormat);
            OnnxEmbeddingGeneratorOptions generatorOptions = encoderOptions.Read(parse);
            using OnnxEmbeddingGenerator? embeddings = chosen == "local" ? new OnnxEmbeddingGenerator(generatorOptions) : null;
            if (embeddings is not null)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{EncoderOptions.Describe(embeddings, generatorOptions)}");
            }

            using IChatClient? chat = chosen == "local" ? null : ChatClients.Create(chosen, parse.GetValue(endpoint), modelName);
            LlmPersonaGenerator? llm = chat is null ? null : new LlmPersonaGenerator(chat, new LlmPersonaGeneratorOptions { ModelId = modelName, Schema = aspectSchema });
            IPersonaGenerator generator = llm ?? (IPersonaGenerator)new ReviewPersonaGenerator(embeddings!, new ReviewPersonaGeneratorOptions { Schema = aspectSchema });
            var prices = (parse.GetValue(priceInput), parse.GetValue(priceOutput));
            string generatorVersion = chat is null ? $"review-derived-v2:{aspectSchema.Name}" : $"{chosen}:{modelName}:{aspectSchema.Name}";
            if (chat is not null)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"LLM: {chosen} model {modelName} at {parse.GetValue(endpoint)?.ToString() ?? "its default address"}; aspect schema: {aspectSchema.Name} ({why}).");
            }

            PersonaPipelineSummary summary = await OfflineSteps.WithProgressAsync("generate personas", catalogue.Count, "items", task =>
                OfflineSteps.GenerateAsync(generator, generatorVersion, chat is null ? 1 : parse.GetValue(concurrency),
                    catalogue, parse.GetValue(output)!.FullName, task, cancellationToken, llm is null ? null : () => UsageReport.Short(llm.Usage))).ConfigureAwait(false);

            string schemaNote = chat is null ? string.Empty : $" Aspect schema: {aspectSchema.Name}.";
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{summary.Generated} generated, {summary.Skipped} already in {parse.GetValue(output)!.Name}, {summary.Failed} failed.{schemaNote}");
            if (llm is not null)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"{UsageReport.Long(llm.Usage, prices.Item1, prices.Item2)}");
            }

            foreach (PersonaFailure failure in summary.Failures.Take(10))
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"  [yellow]{failure.ItemId}:[/] {failure.Reason}");
            }

            return summary.Failed == 0 ? ExitCodes.Success : ExitCodes.PartialFailure;
        }));
        return command;
    }

    /// <summary>The aspect schema for <c>--schema</c>: <c>auto</c> follows the review format (Yelp reviews are about restaurants).</summary>
    internal static (AspectSchema Schema, string Why) ChooseSchema(string option, ReviewFormat format) => option switch
    {
        "products" => (AspectSchema.Products, "--schema products"),
        "restaurants" => (AspectSchema.Restaurants, "--schema restaurants"),
        _ when format == ReviewFormat.Yelp => (AspectSchema.Restaurants, "chosen for --format Yelp"),
        _ => (AspectSchema.Products, $"chosen for --format {format}"),
    };
}
