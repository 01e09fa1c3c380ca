using Persona4Rec.Offline;

namespace Persona4Rec.CrashHost;

/// <summary>A small deterministic catalogue: every item has five to seven short reviews on a few topics.</summary>
internal static class SyntheticCatalogue
{
    private static readonly string[] Topics = ["sound", "price", "strings", "cable", "pedal", "tuner", "case", "strap"];
    private static readonly string[] Verdicts = ["works really well", "broke after a week", "feels solid and sturdy", "sounds thin and noisy", "was worth every cent"];

    public static IReadOnlyList<CatalogueItem> Create(int count)
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var items = new List<CatalogueItem>(count);
        for (int i = 0; i < count; i++)
        {
            var random = new Random(i);
            string itemId = $"item-{i:D3}";
            var reviews = new List<Review>();
            for (int r = 0; r < 5 + (i % 3); r++)
            {
                string first = $"The {Topics[random.Next(Topics.Length)]} {Verdicts[random.Next(Verdicts.Length)]} for me.";
                string second = $"Our {Topics[random.Next(Topics.Length)]} {Verdicts[random.Next(Verdicts.Length)]} at home.";
                reviews.Add(new Review($"{itemId}-r{r}", $"user-{((i * 7) + r) % 50}", itemId, 1 + random.Next(5), $"{first} {second}", null, start.AddDays((i * 10) + r)));
            }

            items.Add(new CatalogueItem(new ItemInfo(itemId, $"Product {i}", null, []), reviews));
        }

        return items;
    }
}
