using System.Numerics.Tensors;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// A large synthetic catalogue with structure: every persona vector mixes a component shared by the
/// whole catalogue, its item's topic, its item, and its own noise (squared weights 0.10, 0.30, 0.30,
/// 0.30; one topic per 100 items). Users are the mean of four personas of items from one topic, as
/// the profile of a user with one interest is. Persona vectors of one item have cosine ≈ 0.70, of
/// one topic ≈ 0.40, of unrelated items ≈ 0.10. (The LLM-free personas of the shared review data
/// are far less separated, ≈ 0.38 within an item against ≈ 0.35 between items: see
/// benchmarks/README.md for what that does to approximate search.)
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

    public ClusteredCatalogue(int items, int personasPerItem, int dimension, int seed = 42)
    {
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
            TensorPrimitives.Multiply(row, (float)Math.Sqrt(0.30), row);
            TensorPrimitives.MultiplyAdd(_shared, (float)Math.Sqrt(0.10), row, row);
            TensorPrimitives.MultiplyAdd(_topics[_itemTopic[item]], (float)Math.Sqrt(0.30), row, row);
            TensorPrimitives.MultiplyAdd(_item, (float)Math.Sqrt(0.30), row, row);
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
