using System.Numerics.Tensors;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// How much of each persona vector (squared weights, summing to 1) is shared by the whole
/// catalogue, by the item's topic, by the item, and the persona's own noise.
/// </summary>
public sealed record CatalogueShape(string Name, double Shared, double Topic, double Item, double Noise)
{
    /// <summary>Items in topics: cosine ≈ 0.70 between personas of one item, ≈ 0.40 within a topic, ≈ 0.10 otherwise.</summary>
    public static CatalogueShape Topical { get; } = new("topical", 0.10, 0.30, 0.30, 0.30);

    /// <summary>
    /// Calibrated to the LLM-free personas of the shared review data (all-MiniLM-L6-v2, one product
    /// category): cosine ≈ 0.38 between personas of one item against ≈ 0.35 between any two.
    /// </summary>
    public static CatalogueShape ReviewLike { get; } = new("review-like", 0.354, 0.01, 0.02, 0.616);

    /// <summary>No structure at all: uniformly random directions.</summary>
    public static CatalogueShape Uniform { get; } = new("uniform", 0, 0, 0, 1);

    public override string ToString() => Name;
}

/// <summary>
/// A large synthetic catalogue with structure (<see cref="CatalogueShape"/>, one topic per 100
/// items). Users are the mean of four personas of items from one topic, as the profile of a user
/// with one interest is.
/// </summary>
internal sealed class ClusteredCatalogue
{
    private const int ItemsPerTopic = 100;
    private readonly int _dimension;
    private readonly int _personasPerItem;
    private readonly float[] _shared;
    private readonly float[][] _topics;
    private readonly int[] _itemTopic;
    private readonly float[] _item;

    public ClusteredCatalogue(int items, int personasPerItem, int dimension, CatalogueShape? shape = null, int seed = 42)
    {
        shape ??= CatalogueShape.Topical;
        _dimension = dimension;
        _personasPerItem = personasPerItem;
        var random = new Random(seed);
        _shared = RandomUnit(random, dimension);
        _topics = Enumerable.Range(0, Math.Max(1, items / ItemsPerTopic)).Select(_ => RandomUnit(random, dimension)).ToArray();
        _itemTopic = Enumerable.Range(0, items).Select(_ => random.Next(_topics.Length)).ToArray();
        _item = new float[dimension];
        int currentItem = -1;
        Index = SyntheticIndex.Create(items, personasPerItem, dimension, (item, _, row) =>
        {
            if (item != currentItem)
            {
                Fill(random, _item);
                currentItem = item;
            }

            Fill(random, row);
            TensorPrimitives.Multiply(row, (float)Math.Sqrt(shape.Noise), row);
            TensorPrimitives.MultiplyAdd(_shared, (float)Math.Sqrt(shape.Shared), row, row);
            TensorPrimitives.MultiplyAdd(_topics[_itemTopic[item]], (float)Math.Sqrt(shape.Topic), row, row);
            TensorPrimitives.MultiplyAdd(_item, (float)Math.Sqrt(shape.Item), row, row);
            TensorPrimitives.Divide(row, TensorPrimitives.Norm(row), row);
        });
    }

    public PersonaIndex Index { get; }

    /// <summary>Users who each liked four items of one topic: the mean of one persona of each.</summary>
    public float[][] Users(int count, int seed)
    {
        var random = new Random(seed);
        var byTopic = _itemTopic.Select((topic, item) => (topic, item)).ToLookup(x => x.topic, x => x.item);
        var users = new float[count][];
        for (int u = 0; u < count; u++)
        {
            int[] items;
            do
            {
                items = byTopic[random.Next(_topics.Length)].ToArray();
            }
            while (items.Length == 0);

            var user = new float[_dimension];
            for (int j = 0; j < 4; j++)
            {
                int persona = (items[random.Next(items.Length)] * _personasPerItem) + random.Next(_personasPerItem);
                TensorPrimitives.Add(user, Index.GetPersonaVector(persona), user);
            }

            users[u] = user;
        }

        return users;
    }

    private static float[] RandomUnit(Random random, int dimension)
    {
        var vector = new float[dimension];
        Fill(random, vector);
        return vector;
    }

    /// <summary>A uniformly random direction (normalised Gaussian).</summary>
    private static void Fill(Random random, Span<float> vector)
    {
        for (int d = 0; d < vector.Length; d++)
        {
            double u1 = 1 - random.NextDouble();
            double u2 = random.NextDouble();
            vector[d] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
    }
}
