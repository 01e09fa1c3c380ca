using Microsoft.Extensions.AI;

namespace Persona4Rec.Tests.Generation;

/// <summary>Motives in LLM-free personas: stated by a review sentence, or not claimed at all.</summary>
public sealed class ReviewPersonaGeneratorMotiveTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_ASentenceStatesAGift_TheDescriptionSaysSoAndQuotesIt()
    {
        const string Gift = "Bought this capo as a Christmas gift for my son.";
        Review[] reviews =
        [
            new("r1", "u1", "capo", 5, Gift + " The spring tension holds every string down.", null, DateTimeOffset.UnixEpoch),
            new("r2", "u2", "capo", 5, "Got it as a birthday gift for my son. Spring tension is firm.", null, DateTimeOffset.UnixEpoch),
            new("r3", "u3", "capo", 1, "The rubber pad wore out and now strings buzz. Rubber pad is thin.", null, DateTimeOffset.UnixEpoch),
        ];

        ItemPersonas result = await new ReviewPersonaGenerator(new TopicEmbeddingGenerator()).GenerateAsync(ItemInfo.FromId("capo"), reviews, cancellationToken: Token);

        Persona gift = Assert.Single(result.Personas, p => p.Description.Contains("bought it as a gift", StringComparison.Ordinal));
        Assert.Contains("as 2 of them write", gift.Description, StringComparison.Ordinal);
        Assert.Contains(gift.ReviewIds, id => id is "r1" or "r2");
        Assert.EndsWith(" buyers", gift.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ASentenceOnlyCloseInMeaning_ClaimsNoMotive()
    {
        // The fake model puts "returned" on the gift axis, as a real model sometimes nearly does;
        // without a cue word the sentence states no gift, so no persona may claim one.
        Review[] reviews =
        [
            new("r1", "u1", "capo", 5, "I would have returned it otherwise. The spring tension holds every string down.", null, DateTimeOffset.UnixEpoch),
            new("r2", "u2", "capo", 5, "Nearly returned it, glad I kept it. Spring tension is firm.", null, DateTimeOffset.UnixEpoch),
            new("r3", "u3", "capo", 1, "The rubber pad wore out and now strings buzz. Rubber pad is thin.", null, DateTimeOffset.UnixEpoch),
        ];

        ItemPersonas result = await new ReviewPersonaGenerator(new TopicEmbeddingGenerator()).GenerateAsync(ItemInfo.FromId("capo"), reviews, cancellationToken: Token);

        Assert.NotEmpty(result.Personas);
        Assert.All(result.Personas, p =>
        {
            Assert.DoesNotContain("gift", p.Description, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("gift", p.Name, StringComparison.OrdinalIgnoreCase);
        });
    }

    /// <summary>A fake model with three topic axes: gifts (and, deliberately, "returned"), spring tension, rubber pads.</summary>
    private sealed class TopicEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private static readonly string[][] Axes =
        [
            ["gift", "christmas", "birthday", "son", "returned"],
            ["spring", "tension", "string", "firm"],
            ["rubber", "pad", "buzz", "thin", "wore"],
        ];

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Vector(v)))));

        private static float[] Vector(string text)
        {
            string lower = text.ToLowerInvariant();
            var vector = new float[Axes.Length + 1];
            vector[^1] = 0.05f;
            for (int a = 0; a < Axes.Length; a++)
            {
                vector[a] = Axes[a].Count(w => lower.Contains(w, StringComparison.Ordinal));
            }

            return vector;
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
