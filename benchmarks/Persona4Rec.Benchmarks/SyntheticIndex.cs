namespace Persona4Rec.Benchmarks;

/// <summary>
/// Builds large random indexes directly (bypassing the builder's per-item validation, which would
/// dominate set-up time for 700,000 personas) with realistic persona text lengths.
/// </summary>
internal static class SyntheticIndex
{
    private const string Filler =
        "Plays most evenings after work and cares about tone, tuning stability and build quality more than about brand names or looks. ";

    /// <summary>An index of uniformly random unit vectors (no structure: the worst case for approximate search).</summary>
    public static PersonaIndex Create(int items, int personasPerItem, int dimension, int seed = 42)
    {
        var random = new Random(seed);
        return Create(items, personasPerItem, dimension, (_, _, row) =>
        {
            double sum = 0;
            for (int d = 0; d < row.Length; d++)
            {
                float v = (float)((random.NextDouble() * 2) - 1);
                row[d] = v;
                sum += v * v;
            }

            float inverse = (float)(1 / Math.Sqrt(sum));
            for (int d = 0; d < row.Length; d++)
            {
                row[d] *= inverse;
            }
        });
    }

    /// <summary>Fills persona vector (item, persona) into a row; rows must come out unit length.</summary>
    public delegate void FillRow(int item, int persona, Span<float> row);

    /// <summary>An index whose persona vectors <paramref name="fill"/> writes, in item order.</summary>
    /// <param name="largePages">Whether the vector block asks for 2 MB pages, as the library's blocks do; off only for an A/B.</param>
    public static PersonaIndex Create(int items, int personasPerItem, int dimension, FillRow fill, bool largePages = true)
    {
        int personaCount = items * personasPerItem;
        var block = Indexing.Storage.AlignedVectorBlock.Allocate(personaCount * dimension, largePages);
        Span<float> vectors = block.Span;
        for (int p = 0; p < personaCount; p++)
        {
            fill(p / personasPerItem, p % personasPerItem, vectors.Slice(p * dimension, dimension));
        }

        var itemIds = new string[items];
        var summaries = new string?[items];
        var personaStart = new int[items + 1];
        var personas = new Persona[personaCount];
        var ordinals = new Dictionary<string, int>(items, StringComparer.Ordinal);
        for (int i = 0; i < items; i++)
        {
            string id = "B" + i.ToString("D9", System.Globalization.CultureInfo.InvariantCulture);
            itemIds[i] = id;
            summaries[i] = "A neutral two-sentence summary of item " + id + ". " + Filler[..60];
            ordinals[id] = i;
            personaStart[i + 1] = personaStart[i] + personasPerItem;
            for (int k = 0; k < personasPerItem; k++)
            {
                personas[(i * personasPerItem) + k] = new Persona(
                    Persona.IdFor(k),
                    id,
                    "Weekend Session Player",
                    Filler + Filler[..80],
                    "Reviews praise the stable tuning and the solid feel; several mention gigging with it for years.",
                    [id + "-r1", id + "-r2", id + "-r3"]);
            }
        }

        return new PersonaIndex(dimension, "synthetic", "synthetic-v1", itemIds, summaries, personaStart, personas, block, ordinals);
    }

    public static float[] RandomUser(int dimension, int seed)
    {
        var random = new Random(seed);
        var user = new float[dimension];
        for (int d = 0; d < dimension; d++)
        {
            user[d] = (float)((random.NextDouble() * 2) - 1);
        }

        return user;
    }
}
