namespace Persona4Rec.Onnx.Tests;

/// <summary>The LLM-free generator with the real local model on the real shared reviews (about two minutes).</summary>
public sealed class ReviewPersonaGeneratorRealDataTests
{
    [Fact]
    public async Task GenerateAsync_EveryItemWithFiveReviews_GetsTwoToSevenDistinctPersonasGroundedInItsOwnReviews()
    {
        ReviewFileResult data = ReviewFileReader.ReadAmazon2014(SharedData.MusicalInstruments);
        var items = data.Reviews.GroupBy(r => r.ItemId).Where(g => g.Count() >= 5).ToList();
        var generator = new ReviewPersonaGenerator(MiniLm.Generator);

        Assert.Empty(data.BadLines);
        Assert.Equal(391, items.Count);
        foreach (var item in items)
        {
            var reviews = item.ToArray();
            ItemPersonas result = await generator.GenerateAsync(ItemInfo.FromId(item.Key), reviews, cancellationToken: TestContext.Current.CancellationToken);

            var ownIds = reviews.Select(r => r.ReviewId).ToHashSet();
            Assert.InRange(result.Personas.Count, 2, 7);
            Assert.Equal(result.Personas.Count, result.Personas.Select(p => p.Name).Distinct().Count());
            Assert.Equal(result.Personas.Count, result.Personas.Select(p => p.Description).Distinct().Count());
            Assert.All(result.Personas, p =>
            {
                Assert.Equal(item.Key, p.ItemId);
                Assert.NotEmpty(p.ReviewIds);
                Assert.All(p.ReviewIds, id => Assert.Contains(id, ownIds));
            });
        }
    }
}
