using Microsoft.Extensions.AI;
using Persona4Rec.Offline;

namespace Persona4Rec.Onnx.Tests;

/// <summary>
/// The accuracy cost of quantised indexes on real all-MiniLM-L6-v2 vectors of the shared reviews:
/// review texts stand in for personas (up to 7 per item), held-out reviews for users, and each
/// encoding's top 10 is compared with the float32 top 10 (about a minute on two cores).
/// </summary>
public sealed class QuantisedIndexRealVectorsTests
{
    [Fact]
    public async Task Search_Int8AndFloat16OnRealVectors_TopTenOverlapsFloat32()
    {
        ReviewFileResult data = ReviewFileReader.ReadAmazon2014(SharedData.MusicalInstruments);
        Review[] reviews = [.. data.Reviews.Where(r => r.Text.Length > 20).Take(3000)];
        var texts = reviews.Select(r => r.Title is null ? r.Text : r.Title + ". " + r.Text).Select(t => t[..Math.Min(120, t.Length)]).ToList();
        var vectors = new List<ReadOnlyMemory<float>>();
        for (int start = 0; start < texts.Count; start += 64)
        {
            GeneratedEmbeddings<Embedding<float>> batch = await MiniLm.Generator.GenerateAsync(
                texts.Skip(start).Take(64), cancellationToken: TestContext.Current.CancellationToken);
            vectors.AddRange(batch.Select(e => e.Vector));
        }

        // Every 10th review is a user query; the rest become personas of their item (at most 7 each).
        var builder = new PersonaIndexBuilder(384, "sentence-transformers/all-MiniLM-L6-v2", "review-text");
        var users = new List<float[]>();
        var byItem = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < reviews.Length; i++)
        {
            if (i % 10 == 0)
            {
                users.Add(vectors[i].ToArray());
            }
            else if ((byItem.TryGetValue(reviews[i].ItemId, out List<int>? list) ? list : byItem[reviews[i].ItemId] = []).Count < 7)
            {
                byItem[reviews[i].ItemId].Add(i);
            }
        }

        foreach ((string itemId, List<int> members) in byItem)
        {
            var personas = members.Select((m, k) => new Persona(Persona.IdFor(k), itemId, "Reviewer " + k, "A reviewer.", "Wrote review " + reviews[m].ReviewId, [reviews[m].ReviewId])).ToList();
            builder.Add(new ItemPersonas(itemId, null, personas), [.. members.Select(m => vectors[m])]);
        }

        PersonaIndex exact = builder.Build();
        PersonaIndex int8 = exact.WithEncoding(VectorEncoding.Int8, keepExactVectors: true);
        PersonaIndex half = exact.WithEncoding(VectorEncoding.Float16);
        double int8Overlap = 0, halfOverlap = 0, rescoredOverlap = 0;
        foreach (float[] user in users)
        {
            var truth = exact.Search(user, 10).Select(s => s.ItemId).ToHashSet();
            int8Overlap += int8.Search(user, 10).Count(s => truth.Contains(s.ItemId)) / 10.0;
            halfOverlap += half.Search(user, 10).Count(s => truth.Contains(s.ItemId)) / 10.0;
            rescoredOverlap += int8.Search(user, 10, new SearchOptions { ExactRescoreCount = 40 }).Count(s => truth.Contains(s.ItemId)) / 10.0;
        }

        int8Overlap /= users.Count;
        halfOverlap /= users.Count;
        rescoredOverlap /= users.Count;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{exact.ItemCount} items, {exact.PersonaCount} personas, {users.Count} users: top-10 overlap with float32: int8 {int8Overlap:F4}, float16 {halfOverlap:F4}, int8 + rescoring 40 {rescoredOverlap:F4}");
        Assert.True(int8Overlap >= 0.95, $"int8 top-10 overlap {int8Overlap}");
        Assert.True(halfOverlap >= 0.99, $"float16 top-10 overlap {halfOverlap}");
        Assert.True(rescoredOverlap >= 0.999, $"rescored int8 top-10 overlap {rescoredOverlap}");
    }
}
