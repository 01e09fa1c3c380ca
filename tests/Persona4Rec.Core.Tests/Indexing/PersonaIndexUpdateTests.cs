using FsCheck.Xunit;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

/// <summary>Incremental updates equal a full rebuild of the final catalogue: same saved bytes, same scores, also after a reload.</summary>
public sealed class PersonaIndexUpdateTests
{
    private const int Dimension = 12;

    private static byte[] Bytes(PersonaIndex index)
    {
        using var folder = new TempDirectory();
        string path = folder.File("i.p4r");
        index.Save(path);
        return File.ReadAllBytes(path);
    }

    [Property(MaxTest = 40)]
    public void RandomChanges_OneAtATimeOrBatched_EqualAFullRebuild(int seed, bool aligned)
    {
        var random = new Random(seed);
        var catalogue = TestIndexes.RandomCatalogue(seed, 1 + random.Next(30), Dimension);
        AlignmentLayer? layer = aligned ? RandomLayer(random) : null;
        VectorEncoding encoding = (VectorEncoding)random.Next(3);
        PersonaIndex Build(IEnumerable<(ItemPersonas Item, ReadOnlyMemory<float>[] Vectors)> items)
        {
            PersonaIndex built = TestIndexes.Build(items, Dimension);
            built = layer is null ? built : built.WithAlignment(layer);
            return encoding == VectorEncoding.Float32 ? built : built.WithEncoding(encoding, keepExactVectors: true);
        }

        PersonaIndex incremental = Build(catalogue);
        var changes = new List<(ItemPersonas Item, IReadOnlyList<ReadOnlyMemory<float>> Vectors)>();
        var removals = new List<string>();
        PersonaIndex batched = incremental;
        int steps = 1 + random.Next(12);
        for (int step = 0; step < steps; step++)
        {
            int kind = random.Next(3);
            if (kind == 0 && catalogue.Count > 1 && !changes.Any(c => c.Item.ItemId == catalogue[0].Item.ItemId))
            {
                int at = random.Next(catalogue.Count);
                string id = catalogue[at].Item.ItemId;
                if (changes.Any(c => c.Item.ItemId == id) || removals.Contains(id))
                {
                    continue;
                }

                catalogue.RemoveAt(at);
                incremental = incremental.WithoutItem(id);
                removals.Add(id);
            }
            else
            {
                bool replace = kind == 1 && catalogue.Count > 0;
                string id = replace ? catalogue[random.Next(catalogue.Count)].Item.ItemId : $"new-{seed}-{step}";
                if (changes.Any(c => c.Item.ItemId == id) || removals.Contains(id))
                {
                    continue;
                }

                int count = 1 + random.Next(7);
                var item = new ItemPersonas(id, $"Summary {step}", [.. Enumerable.Range(0, count).Select(p => TestIndexes.MakePersona(id, p))]);
                ReadOnlyMemory<float>[] vectors = [.. Enumerable.Range(0, count).Select(_ => (ReadOnlyMemory<float>)TestIndexes.RandomVector(random, Dimension))];
                int existing = catalogue.FindIndex(c => c.Item.ItemId == id);
                if (existing >= 0)
                {
                    catalogue[existing] = (item, vectors);
                }
                else
                {
                    catalogue.Add((item, vectors));
                }

                incremental = incremental.WithItem(item, vectors);
                changes.Add((item, vectors));
            }
        }

        batched = batched.WithChanges(changes, removals);
        PersonaIndex rebuilt = Build(catalogue);
        byte[] expected = Bytes(rebuilt);
        Assert.Equal(expected, Bytes(incremental));
        Assert.Equal(expected, Bytes(batched));

        float[] user = TestIndexes.RandomVector(random, Dimension);
        string[] ids = [.. catalogue.Select(c => c.Item.ItemId)];
        Assert.Equal(rebuilt.Score(user, ids), incremental.Score(user, ids));
        using var folder = new TempDirectory();
        incremental.Save(folder.File("updated.p4r"));
        PersonaIndex reloaded = PersonaIndex.Load(folder.File("updated.p4r"));
        Assert.Equal(rebuilt.Search(user, 5).Select(s => (s.ItemId, s.Score)), reloaded.Search(user, 5).Select(s => (s.ItemId, s.Score)));
    }

    [Fact]
    public void BadChanges_AreRejected_NamingTheItem_AndLeaveTheIndexUnchanged()
    {
        PersonaIndex index = TestIndexes.RandomIndex(seed: 2, items: 3, Dimension);
        string first = index.GetItemId(0);
        var error = Assert.Throws<UnknownItemException>(() => index.WithoutItem("ghost"));
        Assert.Equal(["ghost"], error.ItemIds);
        var item = new ItemPersonas(first, null, [TestIndexes.MakePersona(first, 0)]);
        Assert.Throws<ArgumentException>(() => index.WithChanges([(item, [new float[Dimension - 1]])]));
        Assert.Throws<ArgumentException>(() => index.WithChanges([(item, [TestIndexes.RandomVector(new Random(1), Dimension)])], [first]));
        Assert.Throws<ArgumentException>(() => index.WithChanges([], [.. Enumerable.Range(0, 3).Select(index.GetItemId)]));
        Assert.Equal(3, index.ItemCount);
        var error2 = Assert.Throws<InvalidOperationException>(() => index.WithEncoding(VectorEncoding.Int8).WithoutItem(first));
        Assert.Contains("keepExactVectors", error2.Message, StringComparison.Ordinal);
    }

    private static AlignmentLayer RandomLayer(Random random)
    {
        const int Rank = 2;
        float[] up = [.. Enumerable.Range(0, Dimension * Rank).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f)];
        float[] down = [.. Enumerable.Range(0, Dimension * Rank).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f)];
        return new AlignmentLayer(Dimension, Rank, up, down);
    }
}
