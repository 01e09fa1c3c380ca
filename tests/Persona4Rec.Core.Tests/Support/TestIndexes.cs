namespace Persona4Rec.Tests.Support;

/// <summary>Seeded random personas, vectors and indexes for tests.</summary>
internal static class TestIndexes
{
    public const string ModelId = "test-model";
    public const string TemplateId = "test-template-v1";

    public static float[] RandomVector(Random random, int dimension)
    {
        var vector = new float[dimension];
        for (int i = 0; i < dimension; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    public static Persona MakePersona(string itemId, int position) =>
        new(
            Persona.IdFor(position),
            itemId,
            $"Persona {position} of {itemId}",
            $"Description of persona {position} for item {itemId}. Likes things. Writes reviews.",
            $"Rationale {position}: reviews r{position} say so.",
            [$"{itemId}-r{position}", $"{itemId}-r{position + 1}"]);

    /// <summary>A random catalogue: item ids, persona counts in [minPersonas, maxPersonas], random vectors.</summary>
    public static List<(ItemPersonas Item, ReadOnlyMemory<float>[] Vectors)> RandomCatalogue(
        int seed, int items, int dimension, int minPersonas = 1, int maxPersonas = 7)
    {
        var random = new Random(seed);
        var catalogue = new List<(ItemPersonas, ReadOnlyMemory<float>[])>(items);
        for (int i = 0; i < items; i++)
        {
            string itemId = $"item-{i:D5}-{random.Next(1000):D3}";
            int count = random.Next(minPersonas, maxPersonas + 1);
            var personas = Enumerable.Range(0, count).Select(p => MakePersona(itemId, p)).ToArray();
            var vectors = Enumerable.Range(0, count).Select(_ => (ReadOnlyMemory<float>)RandomVector(random, dimension)).ToArray();
            catalogue.Add((new ItemPersonas(itemId, i % 3 == 0 ? null : $"Summary of {itemId}.", personas), vectors));
        }

        return catalogue;
    }

    public static PersonaIndex Build(IEnumerable<(ItemPersonas Item, ReadOnlyMemory<float>[] Vectors)> catalogue, int dimension)
    {
        var builder = new PersonaIndexBuilder(dimension, ModelId, TemplateId);
        foreach (var (item, vectors) in catalogue)
        {
            builder.Add(item, vectors);
        }

        return builder.Build();
    }

    public static PersonaIndex RandomIndex(int seed, int items, int dimension, int minPersonas = 1, int maxPersonas = 7) =>
        Build(RandomCatalogue(seed, items, dimension, minPersonas, maxPersonas), dimension);

    /// <summary>The plain LINQ reference: cosine of the normalised user with each stored (normalised) persona vector, max per item.</summary>
    public static (string ItemId, double Score, string PersonaId)[] BruteForceScores(PersonaIndex index, float[] user)
    {
        double norm = Math.Sqrt(user.Sum(v => (double)v * v));
        int personaOrdinal = 0;
        var results = new List<(string, double, string)>();
        for (int item = 0; item < index.ItemCount; item++)
        {
            string id = index.GetItemId(item);
            var scored = index.GetPersonas(id)
                .Select((persona, p) =>
                {
                    var vector = index.GetPersonaVector(personaOrdinal + p).ToArray();
                    double dot = vector.Select((v, d) => (double)v * user[d]).Sum() / norm;
                    return (persona.PersonaId, dot);
                })
                .ToList();
            personaOrdinal += scored.Count;
            var best = scored.MaxBy(s => s.dot);
            results.Add((id, best.dot, best.PersonaId));
        }

        return [.. results];
    }
}
