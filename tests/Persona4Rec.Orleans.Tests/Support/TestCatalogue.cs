namespace Persona4Rec.Cluster.Tests.Support;

/// <summary>Seeded random catalogues with 2–7 personas per item, and deliberate exact score ties.</summary>
internal static class TestCatalogue
{
    public const int Dimension = 384;

    /// <summary>
    /// A random index. Every tenth item copies the vectors of the item before it, so the two always
    /// tie exactly and the order between them is decided by item id alone, as in the single index.
    /// </summary>
    /// <param name="items">The item count.</param>
    /// <param name="seed">Seeds the ids (and the vectors unless <paramref name="vectorSeed"/> is given).</param>
    /// <param name="vectorSeed">Seeds the vectors and persona counts, so two versions can share ids and differ in vectors.</param>
    public static PersonaIndex Create(int items, int seed, int? vectorSeed = null)
    {
        var idRandom = new Random(seed);
        var random = vectorSeed is int v ? new Random(v) : idRandom;
        var builder = new PersonaIndexBuilder(Dimension, "test-model", "test-template-v1");
        ReadOnlyMemory<float>[] previous = [];
        for (int i = 0; i < items; i++)
        {
            // Ids out of insertion order: ordinal id order then differs from ordinal position.
            string id = $"item-{idRandom.Next(100_000):D5}-{i:D5}";
            ReadOnlyMemory<float>[] vectors = i % 10 == 9
                ? previous
                : [.. Enumerable.Range(0, random.Next(2, 8)).Select(_ => (ReadOnlyMemory<float>)RandomVector(random))];
            Persona[] personas = [.. vectors.Select((_, p) => new Persona(
                Persona.IdFor(p), id, $"Persona {p}", $"Description {p} of {id}.", $"Rationale {p}.", [$"{id}-r{p}"]))];
            builder.Add(new ItemPersonas(id, $"Summary of {id}.", personas), vectors);
            previous = vectors;
        }

        return builder.Build();
    }

    public static float[] RandomVector(Random random)
    {
        var vector = new float[Dimension];
        for (int d = 0; d < vector.Length; d++)
        {
            vector[d] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    /// <summary>Asserts two result lists are identical: ids, bit-identical scores, matched personas.</summary>
    public static void AssertIdentical(IReadOnlyList<ScoredItem> expected, IReadOnlyList<ScoredItem> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].ItemId, actual[i].ItemId);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i].Score), BitConverter.SingleToInt32Bits(actual[i].Score));
            Assert.Equal(expected[i].MatchedPersona.PersonaId, actual[i].MatchedPersona.PersonaId);
            Assert.Equal(expected[i].MatchedPersona.Description, actual[i].MatchedPersona.Description);
            Assert.Equal(expected[i].MatchedPersona.ReviewIds, actual[i].MatchedPersona.ReviewIds);
        }
    }
}
