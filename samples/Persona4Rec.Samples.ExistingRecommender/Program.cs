using System.Globalization;
using Persona4Rec;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;
using Persona4Rec.Samples.ExistingRecommender;

// Persona4Rec on top of a recommender you already have: its candidates are reranked, with an
// explanation per item, in every mode: pure persona order, fused with the existing order, and the
// default — the blend learned on validation, loaded from beside the index when the main job wrote
// one (it was fitted on BPR-MF candidates; fit one for your own first stage with
// RerankBlendFitter). Needs an index of the demo catalogue; the main job writes one:
//   dotnet run -c Release --project samples/Persona4Rec.Samples.EndToEnd
//   dotnet run --project samples/Persona4Rec.Samples.ExistingRecommender -- persona4rec-output/personas.p4r DEMOUSER0007
string indexPath = args.Length > 0 ? args[0] : Path.Combine("persona4rec-output", "personas.p4r");
string userId = args.Length > 1 ? args[1] : "DEMOUSER0007";
if (!File.Exists(indexPath))
{
    Console.Error.WriteLine($"error: no index at {Path.GetFullPath(indexPath)}; run the main job first (dotnet run -c Release --project samples/Persona4Rec.Samples.EndToEnd).");
    return 1;
}

ReviewFileResult reviews = ReviewFileReader.ReadAmazon2014(Path.Combine(AppContext.BaseDirectory, "data", "demo-music-reviews.jsonl"));
var existing = new CoPurchaseRecommender(reviews.Reviews.Select(r => (r.UserId, r.ItemId)));
Review[] history = [.. reviews.Reviews.Where(r => r.UserId == userId).OrderBy(r => r.Timestamp)];
if (history.Length == 0)
{
    Console.Error.WriteLine($"error: user '{userId}' has no history in the demo reviews.");
    return 1;
}

PersonaIndex index = PersonaIndex.Load(indexPath);
using var embeddings = new OnnxEmbeddingGenerator();
var profiles = new UserProfileBuilder(new EmbeddingPersonaEncoder(embeddings));
UserProfile profile = await profiles.BuildAsync(userId, [.. history.Select(r => InteractionTexts.FromReview(r, index))]);

var firstStage = new CoPurchaseCandidates(existing);
IReadOnlyList<string> candidates = await firstStage.GetCandidatesAsync(userId, 20);
Console.WriteLine($"{userId}: {history.Length} purchases; the existing recommender proposes {candidates.Count}: {string.Join(", ", candidates.Take(5))}, ...");
var reviewsById = reviews.Reviews.ToDictionary(r => r.ReviewId, StringComparer.Ordinal);
string blendPath = RerankBlend.PathFor(indexPath);
RerankBlend? blend = File.Exists(blendPath) ? RerankBlend.Load(blendPath) : null;
foreach (RerankMode mode in Enum.GetValues<RerankMode>())
{
    var recommender = new PersonaRecommender(index, reviewsById, new PersonaRecommenderOptions { Mode = mode, Blend = blend, SkipUnknownCandidates = true, MaxQuotes = 1 });
    Console.WriteLine();
    string how = mode != RerankMode.Blend ? string.Empty : blend is null ? ", no blend beside the index: by persona score" : $", {Path.GetFileName(blendPath)}: {blend.Kind}";
    Console.WriteLine($"Reranked ({mode}{how}):");
    foreach (Recommendation r in await recommender.RecommendAsync(profile, firstStage, candidates: 20, count: 5))
    {
        int before = candidates.ToList().IndexOf(r.Item.ItemId) + 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {r.Rank}. {r.Item.ItemId} (was #{before}, score {r.Item.Score:F3}) — {r.Explanation.PersonaName}: {r.Explanation.PreferenceRationale}"));
    }
}

return 0;
