using System.Numerics.Tensors;
using Persona4Rec.Tests.Alignment;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

public sealed class PersonaIndexAlignmentTests
{
    private const int Dimension = 24;

    [Fact]
    public void WithAlignment_ScoresAreCosinesOfBothSidesThroughTheLayer()
    {
        PersonaIndex vanilla = TestIndexes.RandomIndex(1, 30, Dimension);
        (AlignmentLayer layer, double[,] w) = AlignmentLayerTests.RandomLayer(2, Dimension, 5);
        PersonaIndex aligned = vanilla.WithAlignment(layer);
        float[] user = TestIndexes.RandomVector(new Random(3), Dimension);
        double[] alignedUser = AlignmentLayerTests.Reference(w, user);

        ScoredItem[] scored = aligned.Score(user, [.. Enumerable.Range(0, vanilla.ItemCount).Select(vanilla.GetItemId)]);

        int persona = 0;
        for (int item = 0; item < vanilla.ItemCount; item++)
        {
            int count = vanilla.GetPersonas(vanilla.GetItemId(item)).Count;
            double best = Enumerable.Range(persona, count)
                .Max(p => AlignmentLayerTests.Reference(w, vanilla.GetPersonaVector(p)).Zip(alignedUser).Sum(z => z.First * z.Second));
            Assert.Equal(best, scored[item].Score, 1e-4);
            persona += count;
        }
    }

    [Fact]
    public void WithAlignment_SearchBatchAndOrdinals_AgreeWithScore()
    {
        PersonaIndex aligned = TestIndexes.RandomIndex(4, 50, Dimension).WithAlignment(AlignmentLayerTests.RandomLayer(5, Dimension, 3).Layer);
        float[] user = TestIndexes.RandomVector(new Random(6), Dimension);

        ScoredItem[] top = aligned.Search(user, 10);
        ScoredItem[] scored = aligned.Score(user, [.. top.Select(t => t.ItemId)]);
        ScoredItem[] batch = aligned.SearchBatch([user], 10, cancellationToken: TestContext.Current.CancellationToken)[0];
        var matches = new PersonaMatch[top.Length];
        int[] ordinals = [.. top.Select(t => aligned.TryGetItemOrdinal(t.ItemId, out int o) ? o : -1)];
        aligned.ScoreOrdinals(user, ordinals, matches);

        Assert.Equal(top.Select(t => t.Score), scored.Select(s => s.Score));
        Assert.Equal(top, batch);
        Assert.Equal(top.Select(t => t.Score), matches.Select(m => m.Score));
        Assert.True(top.Zip(top.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void PrepareQuery_IsTheQueryEveryScoreUses_OnPlainAndAlignedIndexes()
    {
        PersonaIndex vanilla = TestIndexes.RandomIndex(9, 20, Dimension);
        PersonaIndex aligned = vanilla.WithAlignment(AlignmentLayerTests.RandomLayer(10, Dimension, 3).Layer);
        float[] user = TestIndexes.RandomVector(new Random(11), Dimension);
        TensorPrimitives.Multiply(user, 3.5f, user);

        foreach (PersonaIndex index in new[] { vanilla, aligned })
        {
            var query = new float[Dimension + 3];
            index.PrepareQuery(user, query);

            Assert.Equal(1f, TensorPrimitives.Norm(query.AsSpan(0, Dimension)), 1e-5f);
            Assert.All(query[Dimension..], v => Assert.Equal(0f, v));
            for (int item = 0; item < index.ItemCount; item++)
            {
                (int start, int count) = index.GetPersonaOrdinals(item).GetOffsetAndLength(index.PersonaCount);
                float best = float.NegativeInfinity;
                for (int p = start; p < start + count; p++)
                {
                    Assert.Equal(index.GetItemId(item), index.GetPersona(p).ItemId);
                    best = Math.Max(best, TensorPrimitives.Dot(query.AsSpan(0, Dimension), index.GetPersonaVector(p)));
                }

                Assert.Equal(best, index.Score(user, [index.GetItemId(item)])[0].Score, 1e-5f);
            }
        }

        Assert.NotEqual(Prepared(vanilla, user), Prepared(aligned, user));
    }

    [Fact]
    public void PrepareQuery_InvalidInput_IsRejected()
    {
        PersonaIndex index = TestIndexes.RandomIndex(12, 3, Dimension);

        Assert.Throws<ArgumentException>(() => index.PrepareQuery(new float[Dimension], new float[Dimension]));
        Assert.Throws<ArgumentException>(() => index.PrepareQuery(new float[Dimension - 1], new float[Dimension]));
        var e = Assert.Throws<ArgumentException>(() => index.PrepareQuery(TestIndexes.RandomVector(new Random(1), Dimension), new float[Dimension - 1]));
        Assert.Equal("destination", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.GetPersonaOrdinals(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.GetPersonaOrdinals(-1));
    }

    private static float[] Prepared(PersonaIndex index, float[] user)
    {
        var query = new float[Dimension];
        index.PrepareQuery(user, query);
        return query;
    }

    [Fact]
    public void WithAlignment_SharesItemsAndStoresUnitVectors()
    {
        PersonaIndex vanilla = TestIndexes.RandomIndex(7, 10, Dimension);
        AlignmentLayer layer = AlignmentLayerTests.RandomLayer(8, Dimension, 2).Layer;

        PersonaIndex aligned = vanilla.WithAlignment(layer);

        Assert.Null(vanilla.Alignment);
        Assert.Same(layer, aligned.Alignment);
        Assert.Equal(vanilla.PersonaCount, aligned.PersonaCount);
        Assert.Equal(vanilla.GetPersonas(vanilla.GetItemId(3)), aligned.GetPersonas(vanilla.GetItemId(3)));
        for (int p = 0; p < aligned.PersonaCount; p++)
        {
            Assert.Equal(1, Math.Sqrt(aligned.GetPersonaVector(p).ToArray().Sum(v => (double)v * v)), 1e-5);
        }
    }

    [Fact]
    public void WithAlignment_WrongDimensionOrAlreadyAligned_Throws()
    {
        PersonaIndex vanilla = TestIndexes.RandomIndex(9, 5, Dimension);
        Assert.Throws<ArgumentException>(() => vanilla.WithAlignment(AlignmentLayerTests.RandomLayer(1, Dimension + 1, 2).Layer));
        PersonaIndex aligned = vanilla.WithAlignment(AlignmentLayerTests.RandomLayer(1, Dimension, 2).Layer);
        var twice = Assert.Throws<InvalidOperationException>(() => aligned.WithAlignment(AlignmentLayerTests.RandomLayer(2, Dimension, 2).Layer));
        Assert.Contains("vanilla index it was made from (persona4rec eval --train-alignment keeps it as personas.p4r", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_UserVectorTheLayerMapsToZero_ThrowsArgumentException()
    {
        PersonaIndex aligned = new PersonaIndexBuilder(3, "m", "t")
            .Add(new ItemPersonas("a", null, [TestIndexes.MakePersona("a", 0)]), [new float[] { 0, 1, 0 }])
            .Build()
            .WithAlignment(new AlignmentLayer(3, 1, [-1, 0, 0], [1, 0, 0]));

        Assert.Throws<ArgumentException>(() => aligned.Score([5, 0, 0], ["a"]));
        Assert.Equal(1f, aligned.Score([0, 2, 0], ["a"])[0].Score, 1e-6f);
    }
}
