namespace Persona4Rec.Tests.Support;

/// <summary>
/// Seeded review data with three tastes (guitar, drums, keys): each user reviews items of one
/// taste in words of that taste, so a profile carries signal about the next item. The index holds
/// LLM-free personas of the training reviews, encoded with the fake generator.
/// </summary>
internal static class TasteData
{
    private static readonly string[][] Texts =
    [
        ["warm tone and long sustain on stage", "strings stay in tune at gigs", "bright sparkle for fingerpicking", "low action, easy bends"],
        ["quiet rebound for late practice", "sticks survive marching band", "pad is quiet for neighbours", "snare cracks through the mix"],
        ["weighted keys feel like a piano", "pedal works with my synth", "stand holds the keyboard steady", "midi cable never drops notes"],
    ];

    private static readonly string[] Tastes = ["guitar", "drum", "keys"];

    public static List<Review> Reviews(int users, int perUser, int seed = 1)
    {
        var random = new Random(seed);
        var reviews = new List<Review>();
        for (int u = 0; u < users; u++)
        {
            int taste = u % Tastes.Length;
            int[] items = [.. Enumerable.Range(0, 6).OrderBy(_ => random.Next()).Take(perUser)];
            for (int position = 0; position < items.Length; position++)
            {
                string item = Tastes[taste] + items[position];
                string text = Texts[taste][random.Next(Texts[taste].Length)] + $", says user {u}.";
                reviews.Add(new Review($"u{u}:{item}", $"u{u}", item, 4, text, null, DateTimeOffset.UnixEpoch.AddDays((u * 10) + position)));
            }
        }

        return reviews;
    }

    public static async Task<PersonaIndex> BuildIndexAsync(LeaveOneOutSplit split, FakeEmbeddingGenerator embeddings, IPersonaEncoder encoder, CancellationToken cancellationToken)
    {
        var generator = new ReviewPersonaGenerator(embeddings);
        var builder = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId);
        foreach (var item in split.Train.GroupBy(r => r.ItemId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            ItemPersonas personas = await generator.GenerateAsync(ItemInfo.FromId(item.Key), item.ToArray(), cancellationToken: cancellationToken);
            builder.Add(personas, await encoder.EncodePersonasAsync([.. personas.Personas.Select(p => new PersonaText(p, null))], cancellationToken));
        }

        return builder.Build();
    }
}
