using System.Numerics.Tensors;

namespace Persona4Rec.Hnsw.Tests;

/// <summary>
/// A synthetic catalogue with the structure real persona vectors have: every vector mixes a
/// component shared by the whole catalogue, its item's topic, its item, and its own noise, with
/// squared weights summing to 1. Users are the mean of a few personas of items from one topic, as
/// a profile of a user with one interest is.
/// </summary>
internal sealed class ClusteredCatalogue
{
    private readonly Random _random;
    private readonly float[][] _topics;
    private readonly int[] _itemTopic;
    private readonly List<ReadOnlyMemory<float>[]> _itemVectors = [];

    public ClusteredCatalogue(int items, int personasPerItem, int dimension, int topics = 40, int seed = 7)
    {
        _random = new Random(seed);
        Dimension = dimension;
        float[] shared = RandomUnit();
        _topics = Enumerable.Range(0, topics).Select(_ => RandomUnit()).ToArray();
        _itemTopic = new int[items];
        var builder = new PersonaIndexBuilder(dimension, "synthetic-clustered", "synthetic-v1");
        for (int i = 0; i < items; i++)
        {
            int topic = _itemTopic[i] = _random.Next(topics);
            float[] item = RandomUnit();
            string id = "item-" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
            var personas = new Persona[personasPerItem];
            var vectors = new ReadOnlyMemory<float>[personasPerItem];
            for (int p = 0; p < personasPerItem; p++)
            {
                personas[p] = new Persona(Persona.IdFor(p), id, $"Persona {p + 1} of {id}", "Likes it.", "Because.", []);
                vectors[p] = Mix((0.10, shared), (0.30, _topics[topic]), (0.30, item), (0.30, RandomUnit()));
            }

            _itemVectors.Add(vectors);
            builder.Add(new ItemPersonas(id, null, personas), vectors);
        }

        Index = builder.Build();
    }

    public PersonaIndex Index { get; }

    public int Dimension { get; }

    /// <summary>Users who each liked a few items of one topic: the mean of one persona of each.</summary>
    public List<ReadOnlyMemory<float>> Users(int count, int interactions = 4)
    {
        var users = new List<ReadOnlyMemory<float>>(count);
        while (users.Count < count)
        {
            int topic = _random.Next(_topics.Length);
            int[] items = Enumerable.Range(0, _itemTopic.Length).Where(i => _itemTopic[i] == topic).ToArray();
            if (items.Length == 0)
            {
                continue;
            }

            var user = new float[Dimension];
            for (int j = 0; j < interactions; j++)
            {
                ReadOnlyMemory<float>[] personas = _itemVectors[items[_random.Next(items.Length)]];
                TensorPrimitives.Add(user, personas[_random.Next(personas.Length)].Span, user);
            }

            users.Add(user);
        }

        return users;
    }

    private float[] Mix(params (double Weight, float[] Vector)[] parts)
    {
        var mixed = new float[Dimension];
        foreach ((double weight, float[] vector) in parts)
        {
            TensorPrimitives.MultiplyAdd(vector, (float)Math.Sqrt(weight), mixed, mixed);
        }

        TensorPrimitives.Divide(mixed, TensorPrimitives.Norm(mixed), mixed);
        return mixed;
    }

    private float[] RandomUnit()
    {
        var vector = new float[Dimension];
        for (int d = 0; d < vector.Length; d++)
        {
            double u1 = 1 - _random.NextDouble();
            double u2 = _random.NextDouble();
            vector[d] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
