using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Generation;

/// <summary>Input limits of the LLM-free generator: how much of a huge item it reads, and that it says so when misconfigured.</summary>
public sealed class ReviewPersonaGeneratorLimitsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GenerateAsync_HugeReview_ReadsOnlyItsStart()
    {
        // Two million characters without a line break; a marker word appears only after the first 10,000.
        string start = string.Concat(Enumerable.Repeat("The tuner clips on firmly and reads fast. ", 250));
        string huge = start + string.Concat(Enumerable.Repeat("Latemarker words sit far beyond the reading limit. ", 40_000));
        var embeddings = new FakeEmbeddingGenerator(32);
        Review[] reviews =
        [
            new("r1", "u1", "tuner", 5, huge, null, DateTimeOffset.UnixEpoch),
            new("r2", "u2", "tuner", 2, "The display is too dim on a sunny stage. I returned it after one gig.", null, DateTimeOffset.UnixEpoch),
        ];

        ItemPersonas result = await new ReviewPersonaGenerator(embeddings).GenerateAsync(ItemInfo.FromId("tuner"), reviews, cancellationToken: Token);

        Assert.NotEmpty(result.Personas);
        string[] embedded = [.. embeddings.Calls.SelectMany(c => c.Texts)];
        Assert.Equal(60, embeddings.Calls[0].Texts.Count); // The sentences; later calls embed key phrases taken from them.
        Assert.DoesNotContain(embedded, t => t.Contains("Latemarker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateAsync_ManyReviews_ReadsARepresentativeSubsetWithTheCriticalOne()
    {
        Review[] reviews = [.. Enumerable.Range(0, 5000).Select(i => new Review(
            $"r{i}", $"u{i}", "tuner", i == 4999 ? 1 : 5,
            i == 4999 ? "The clip snapped off during the very first rehearsal." : $"Review {i} says the tuner works well on stage.",
            null, DateTimeOffset.UnixEpoch))];
        var embeddings = new FakeEmbeddingGenerator(32);
        var options = new ReviewPersonaGeneratorOptions { MaxReviewsPerItem = 100 };

        ItemPersonas result = await new ReviewPersonaGenerator(embeddings, options).GenerateAsync(ItemInfo.FromId("tuner"), reviews, cancellationToken: Token);

        Assert.Contains(embeddings.Calls.SelectMany(c => c.Texts), t => t.Contains("snapped", StringComparison.Ordinal));
        Assert.Contains(result.Personas, p => p.ReviewIds.Contains("r4999"));
    }

    [Theory]
    [InlineData(0, 10_000)]
    [InlineData(1000, 99)]
    public void Constructor_LimitsOutOfRange_NameThem(int maxReviews, int maxCharacters)
    {
        var options = new ReviewPersonaGeneratorOptions { MaxReviewsPerItem = maxReviews, MaxReviewCharacters = maxCharacters };
        var error = Assert.Throws<ArgumentException>(() => new ReviewPersonaGenerator(new FakeEmbeddingGenerator(8), options));
        Assert.Contains("MaxReviewsPerItem", error.Message, StringComparison.Ordinal);
    }
}
