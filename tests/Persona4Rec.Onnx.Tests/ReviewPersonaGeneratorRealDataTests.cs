using Persona4Rec.Offline;

namespace Persona4Rec.Onnx.Tests;

/// <summary>The LLM-free generator with the real local model on the real shared reviews and on the bundled demo data (about two minutes).</summary>
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
        var problems = new List<string>();
        foreach (var item in items)
        {
            var reviews = item.ToArray();
            ItemPersonas result = await generator.GenerateAsync(ItemInfo.FromId(item.Key), reviews, cancellationToken: TestContext.Current.CancellationToken);

            var ownIds = reviews.Select(r => r.ReviewId).ToHashSet();
            Assert.InRange(result.Personas.Count, 1, 7);
            Assert.Equal(result.Personas.Count, result.Personas.Select(p => p.Description).Distinct().Count());
            Assert.All(result.Personas, p =>
            {
                Assert.Equal(item.Key, p.ItemId);
                Assert.NotEmpty(p.ReviewIds);
                Assert.All(p.ReviewIds, id => Assert.Contains(id, ownIds));
            });
            problems.AddRange(PersonaNameRules.Violations(ItemInfo.FromId(item.Key), result.Personas, reviews));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task GenerateAsync_DemoData_NamesFollowTheRulesAndAvoidTitleWords()
    {
        string folder = DemoFolder();
        ReviewFileResult data = ReviewFileReader.ReadAmazon2014(Path.Combine(folder, "demo-music-reviews.jsonl"));
        var titles = ItemMetadataReader.ReadAmazon2014(Path.Combine(folder, "demo-music-meta.jsonl")).Items.ToDictionary(i => i.ItemId);
        var generator = new ReviewPersonaGenerator(MiniLm.Generator);

        var problems = new List<string>();
        int personas = 0;
        foreach (var item in data.Reviews.GroupBy(r => r.ItemId))
        {
            ItemInfo info = titles[item.Key];
            Assert.False(string.IsNullOrWhiteSpace(info.Title));
            ItemPersonas result = await generator.GenerateAsync(info, [.. item], cancellationToken: TestContext.Current.CancellationToken);
            Assert.NotEmpty(result.Personas);
            personas += result.Personas.Count;
            problems.AddRange(PersonaNameRules.Violations(info, result.Personas, [.. item]));
        }

        Assert.Equal(48, titles.Count);
        Assert.True(personas >= 96, $"{personas} personas for 48 items");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string DemoFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Persona4Rec.Core.sln")))
            {
                return Path.Combine(folder.FullName, "samples", "data");
            }
        }

        Assert.Fail("The repository root (Persona4Rec.Core.sln) was not found above " + AppContext.BaseDirectory);
        return null!;
    }
}
