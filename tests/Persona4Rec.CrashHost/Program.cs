using System.Globalization;
using Persona4Rec;
using Persona4Rec.CrashHost;
using Persona4Rec.Offline;

// An offline run for the crash tests (Persona4Rec.Core.Tests, Generation/CrashSafetyTests): LLM-free
// personas over a synthetic catalogue with a slow fake embedding model (the persona encoder gets a
// fast one), checkpointed, and an index snapshot saved after every batch of items. The test kills
// this process at random points and reruns it.
//
//   dotnet Persona4Rec.CrashHost.dll <folder> [items] [delay-ms]
//
// Prints one line per event, flushed: "item <id>" once the item is in the checkpoint,
// "saving <n>" and "saved <n>" around each index write of n items, "done" at the end.
if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: Persona4Rec.CrashHost <folder> [items] [delay-ms]");
    return 2;
}

string folder = args[0];
int itemCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 40;
var delay = TimeSpan.FromMilliseconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20);
const int BatchSize = 8;

string checkpoint = Path.Combine(folder, "personas.jsonl");
using var embeddings = new HashingEmbeddingGenerator(delay);
using var fastEmbeddings = new HashingEmbeddingGenerator(TimeSpan.Zero);
var encoder = new EmbeddingPersonaEncoder(fastEmbeddings);
var pipeline = new PersonaPipeline(new ReviewPersonaGenerator(embeddings), new PersonaPipelineOptions
{
    CheckpointPath = checkpoint,
    MaxConcurrency = 2,
    GeneratorVersion = "crash-host-v1",
});
var progress = new LineProgress();
IReadOnlyList<CatalogueItem> catalogue = SyntheticCatalogue.Create(itemCount);
for (int end = 0; end < catalogue.Count;)
{
    end = Math.Min(end + BatchSize, catalogue.Count);
    PersonaPipelineSummary summary = await pipeline.RunAsync(catalogue.Take(end), progress);
    if (summary.Failed > 0)
    {
        Console.Error.WriteLine($"{summary.Failed} items failed: {summary.Failures[0].Reason}");
        return 1;
    }

    PersonaIndexBuilder builder = PersonaIndexBuilder.For(encoder);
    foreach (ItemPersonas item in PersonaPipeline.ReadCheckpoint(checkpoint))
    {
        await builder.AddAsync(item, encoder);
    }

    Console.WriteLine($"saving {builder.ItemCount}");
    builder.Build().Save(Path.Combine(folder, "index.p4r"));
    Console.WriteLine($"saved {builder.ItemCount}");
}

Console.WriteLine("done");
return 0;
