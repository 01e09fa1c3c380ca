using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using Persona4Rec;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;
using Persona4Rec.Samples.LlmPersonas;

// Generates personas for a review file (Amazon 2014 JSON lines) with an LLM or with the LLM-free
// default, through the resumable pipeline. Examples:
//   dotnet run --project samples/Persona4Rec.Samples.LlmPersonas -- --provider local
//   dotnet run --project samples/Persona4Rec.Samples.LlmPersonas -- --provider estimate --reviews ../shared/data/amazon-musical-instruments/reviews.jsonl
//   OPENAI_API_KEY=... dotnet run --project samples/Persona4Rec.Samples.LlmPersonas -- --provider openai --model gpt-4o-mini
//   dotnet run --project samples/Persona4Rec.Samples.LlmPersonas -- --provider ollama --endpoint http://localhost:11434 --model llama3.1
var provider = new Option<string>("--provider") { Description = "local (LLM-free, default), openai (any OpenAI-compatible server), ollama, or estimate (dry run that sizes the prompts)", DefaultValueFactory = _ => "local" };
var reviewsPath = new Option<string>("--reviews") { Description = "Amazon 2014 review file (.json/.jsonl, .gz accepted)", DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "data", "demo-reviews.jsonl") };
var model = new Option<string>("--model") { Description = "LLM model name", DefaultValueFactory = _ => "gpt-4o-mini" };
// A string, turned into a Uri below: System.CommandLine 2.0 has no built-in parser for Uri.
var endpoint = new Option<string?>("--endpoint") { Description = "server address (openai: default https://api.openai.com/v1, e.g. http://127.0.0.1:8000/v1 for vLLM; ollama: default http://localhost:11434)" };
var checkpoint = new Option<string>("--checkpoint") { Description = "checkpoint file (JSON lines); rerun to resume", DefaultValueFactory = _ => "personas.jsonl" };
var maxItems = new Option<int>("--items") { Description = "generate for at most this many items (0 = all)", DefaultValueFactory = _ => 0 };
var concurrency = new Option<int>("--concurrency") { Description = "items in flight at once", DefaultValueFactory = _ => 4 };
var root = new RootCommand("Persona4Rec persona generation sample") { provider, reviewsPath, model, endpoint, checkpoint, maxItems, concurrency };
root.SetAction(async (parse, cancellationToken) =>
{
    ReviewFileResult data = ReviewFileReader.ReadAmazon2014(parse.GetValue(reviewsPath)!);
    Console.WriteLine($"{data.Reviews.Count} reviews read, {data.BadLines.Count} bad lines skipped.");
    var catalogue = CatalogueItem.FromReviews(data.Reviews)
        .Take(parse.GetValue(maxItems) is > 0 and var n ? n : int.MaxValue)
        .ToList();

    string chosen = parse.GetValue(provider)!;
    Uri? address = parse.GetValue(endpoint) is { } text
        ? Uri.TryCreate(text, UriKind.Absolute, out Uri? parsed) && parsed.Scheme is "http" or "https" ? parsed : throw new ArgumentException($"--endpoint must be an absolute http(s) address, not '{text}'.")
        : null;
    using var embeddings = chosen == "local" ? new OnnxEmbeddingGenerator() : null;
    var dryRun = chosen == "estimate" ? new DryRunChatClient() : null;
    IChatClient? chat = chosen switch
    {
        "openai" => ChatClients.OpenAICompatible(
            address ?? new Uri("https://api.openai.com/v1"),
            parse.GetValue(model)!,
            Environment.GetEnvironmentVariable("OPENAI_API_KEY") ?? throw new InvalidOperationException("Set OPENAI_API_KEY (any value for a server without keys).")),
        "ollama" => ChatClients.Ollama(address ?? new Uri("http://localhost:11434"), parse.GetValue(model)!),
        "estimate" => dryRun,
        "local" => null,
        _ => throw new ArgumentException($"Unknown provider '{chosen}'; use local, openai, ollama or estimate."),
    };
    IPersonaGenerator generator = chat is null
        ? new ReviewPersonaGenerator(embeddings!)
        : new LlmPersonaGenerator(chat, new LlmPersonaGeneratorOptions { ModelId = parse.GetValue(model) });

    string checkpointPath = chosen == "estimate" ? Path.GetTempFileName() : parse.GetValue(checkpoint)!;
    var pipeline = new PersonaPipeline(generator, new PersonaPipelineOptions
    {
        CheckpointPath = checkpointPath,
        MaxConcurrency = chat is null ? 1 : parse.GetValue(concurrency),
        GeneratorVersion = chosen + ":" + parse.GetValue(model),
    });
    var clock = Stopwatch.StartNew();
    PersonaPipelineSummary summary = await pipeline.RunAsync(catalogue, new Progress<PersonaPipelineProgress>(p =>
    {
        if ((p.Generated + p.Failed) % 25 == 0)
        {
            Console.WriteLine($"  {p.Generated + p.Skipped + p.Failed}/{p.Total} items");
        }
    }), cancellationToken);
    Console.WriteLine($"Generated {summary.Generated}, skipped {summary.Skipped} (already in the checkpoint), failed {summary.Failed}, in {clock.Elapsed.TotalSeconds:F1} s.");
    foreach (PersonaFailure failure in summary.Failures.Take(10))
    {
        Console.WriteLine($"  failed {failure.ItemId}: {failure.Reason}");
    }

    if (dryRun is not null)
    {
        // Tokens estimated as characters / 4 (English text with OpenAI-style tokenisers).
        double items = Math.Max(1, summary.Generated);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dry run: {dryRun.Calls / items:F1} calls, {dryRun.InputCharacters / 4.0 / items:F0} input tokens and {dryRun.OutputCharacters / 4.0 / items:F0} output tokens per item (synthetic answers; real answers are longer)."));
        File.Delete(checkpointPath);
        return 0;
    }

    foreach (ItemPersonas item in PersonaPipeline.ReadCheckpoint(checkpointPath).Take(3))
    {
        Console.WriteLine($"{item.ItemId}:");
        foreach (Persona persona in item.Personas)
        {
            Console.WriteLine($"  {persona.PersonaId} {persona.Name} — {persona.PreferenceRationale}");
        }
    }

    return summary.Failed == 0 ? 0 : 2;
});
return await root.Parse(args).InvokeAsync();
