using System.Globalization;
using System.Numerics.Tensors;
using Persona4Rec;
using Persona4Rec.Onnx;
using Persona4Rec.Samples.Quickstart;

// Persona4Rec quickstart: build a persona index from the bundled demo catalogue, save and load it
// the way a host application would, then rerank candidates and search the catalogue for demo users.
string dataFolder = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data");
var catalogue = DemoData.Read<DemoCatalogue>(Path.Combine(dataFolder, "demo-catalogue.json"));
var users = DemoData.Read<DemoUsers>(Path.Combine(dataFolder, "demo-users.json"));
// The local default encoder: all-MiniLM-L6-v2 on ONNX Runtime, shipped with Persona4Rec.Onnx
// (no server, no key). Any IEmbeddingGenerator (OpenAI, Azure, Ollama) can take its place.
using var embeddings = new OnnxEmbeddingGenerator();
var encoder = new EmbeddingPersonaEncoder(embeddings);

// Offline: encode every persona once and build the index.
PersonaIndexBuilder builder = PersonaIndexBuilder.For(encoder);
var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
foreach (DemoItem item in catalogue.Items)
{
    await builder.AddAsync(DemoData.ToItemPersonas(item), encoder); // encodes each persona with the item's summary
    summaries[item.ItemId] = item.Summary;
}

string indexPath = Path.Combine(Path.GetTempPath(), "persona4rec-quickstart.p4r");
builder.Build().Save(indexPath);
PersonaIndex index = PersonaIndex.Load(indexPath);
Console.WriteLine($"Index: {index.ItemCount} items, {index.PersonaCount} personas, {index.Dimension}-d, encoder '{index.EncoderModelId}', saved to {indexPath} ({new FileInfo(indexPath).Length:N0} bytes).");

// Online: a user's vector is the recency-weighted mean of their cached interaction vectors
// (newest weight 1, then γ, γ², ...); an item's score is the max over its personas.
const float Gamma = 0.85f;
foreach (DemoUser user in users.Users)
{
    var history = user.Interactions.OrderByDescending(i => i.Timestamp).ToArray();
    var vectors = await encoder.EncodeInteractionsAsync(history
        .Select(i => new InteractionText(new UserInteraction(user.UserId, i.ItemId, i.Timestamp, ReviewText: i.Text), summaries.GetValueOrDefault(i.ItemId), null))
        .ToArray());
    var profile = new float[encoder.Dimension];
    float weight = 1;
    foreach (ReadOnlyMemory<float> vector in vectors)
    {
        TensorPrimitives.MultiplyAdd(vector.Span, weight, profile, profile);
        weight *= Gamma;
    }

    var owned = history.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
    string[] candidates = user.Candidates.Where(c => !owned.Contains(c)).ToArray();
    ScoredItem[] reranked = index.Score(profile, candidates).OrderByDescending(s => s.Score).ToArray();

    Console.WriteLine();
    Console.WriteLine($"User {user.UserId} (history: {string.Join(", ", history.Select(h => h.ItemId))})");
    foreach (ScoredItem scored in reranked.Take(3))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {scored.ItemId,-14} {scored.Score:F3}  because you look like a \"{scored.MatchedPersona.Name}\": {scored.MatchedPersona.PreferenceRationale}"));
    }

    ScoredItem[] top = index.Search(profile, 3, new SearchOptions { ExcludeItemIds = owned });
    Console.WriteLine($"  full-catalogue top-3: {string.Join(", ", top.Select(t => t.ItemId))}");
}
