using System.Runtime.InteropServices;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing;

/// <summary>Quantised encodings (float16, int8): accuracy against float32, exact rescoring, the file round trip.</summary>
public sealed class PersonaIndexEncodingTests : IDisposable
{
    private const int Dimension = 64;
    private static readonly PersonaIndex Exact = TestIndexes.RandomIndex(7, 600, Dimension);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void IsExactSearch_OnlyForFloat32Vectors()
    {
        Assert.True(Exact.IsExactSearch);
        Assert.False(Exact.WithEncoding(VectorEncoding.Float16).IsExactSearch);
        Assert.False(Exact.WithEncoding(VectorEncoding.Int8).IsExactSearch);
        Assert.False(((IPersonaIndex)Exact.WithEncoding(VectorEncoding.Int8)).IsExactSearch); // what a caller of the interface sees
    }

    [Theory]
    [InlineData(VectorEncoding.Float16, 0.002)]
    [InlineData(VectorEncoding.Int8, 0.02)]
    public void Search_Quantised_ScoresCloseToExactAndTopTenOverlaps(VectorEncoding encoding, double tolerance)
    {
        PersonaIndex quantised = Exact.WithEncoding(encoding);
        Assert.Equal(encoding, quantised.VectorEncoding);
        Assert.False(quantised.HasExactVectors);
        double overlap = 0;
        for (int u = 0; u < 20; u++)
        {
            float[] user = TestIndexes.RandomVector(new Random(u), Dimension);
            ScoredItem[] expected = Exact.Search(user, 10);
            ScoredItem[] actual = quantised.Search(user, 10);
            overlap += actual.Select(a => a.ItemId).Intersect(expected.Select(e => e.ItemId)).Count() / 10.0;
            foreach (ScoredItem item in actual)
            {
                float exactScore = Exact.Score(user, [item.ItemId])[0].Score;
                Assert.InRange(item.Score, exactScore - tolerance, exactScore + tolerance);
            }
        }

        Assert.True(overlap / 20 >= 0.9, $"mean top-10 overlap {overlap / 20}");
    }

    [Theory]
    [InlineData(VectorEncoding.Float16)]
    [InlineData(VectorEncoding.Int8)]
    public void Search_QuantisedWithRescoring_ReturnsTheExactResults(VectorEncoding encoding)
    {
        PersonaIndex quantised = Exact.WithEncoding(encoding, keepExactVectors: true);
        for (int u = 0; u < 20; u++)
        {
            float[] user = TestIndexes.RandomVector(new Random(100 + u), Dimension);
            Assert.Equal(Summary(Exact.Search(user, 10)), Summary(quantised.Search(user, 10, new SearchOptions { ExactRescoreCount = 50 })));
            string[] candidates = [.. Enumerable.Range(0, 20).Select(i => Exact.GetItemId(i * 7))];
            Assert.Equal(Summary(Exact.Score(user, candidates)), Summary(quantised.Score(user, candidates)));
        }
    }

    [Fact]
    public void Search_RescoringWithoutExactVectors_Throws()
    {
        PersonaIndex quantised = Exact.WithEncoding(VectorEncoding.Int8);
        float[] user = TestIndexes.RandomVector(new Random(1), Dimension);
        Assert.Throws<InvalidOperationException>(() => quantised.Search(user, 10, new SearchOptions { ExactRescoreCount = 40 }));
        Assert.Throws<InvalidOperationException>(() => quantised.GetPersonaVector(0));
        Assert.Throws<InvalidOperationException>(() => quantised.WithEncoding(VectorEncoding.Float16));
        Assert.Throws<InvalidOperationException>(() => quantised.WithAlignment(Persona4Rec.Tests.Alignment.AlignmentLayerTests.RandomLayer(1, Dimension, 2).Layer));
    }

    [Theory]
    [InlineData(VectorEncoding.Float16)]
    [InlineData(VectorEncoding.Int8)]
    public void Score_Quantised_BitIdenticalToTheScanScore(VectorEncoding encoding)
    {
        PersonaIndex quantised = Exact.WithEncoding(encoding);
        float[] user = TestIndexes.RandomVector(new Random(5), Dimension);
        foreach (ScoredItem found in quantised.Search(user, 10))
        {
            ScoredItem scored = quantised.Score(user, [found.ItemId])[0];
            Assert.Equal((found.Score, found.MatchedPersona.PersonaId), (scored.Score, scored.MatchedPersona.PersonaId));
        }
    }

    [Theory]
    [InlineData(VectorEncoding.Float16)]
    [InlineData(VectorEncoding.Int8)]
    public void CopyPersonaVector_Quantised_DecodesCloseToTheExactVector(VectorEncoding encoding)
    {
        PersonaIndex quantised = Exact.WithEncoding(encoding);
        var decoded = new float[Dimension];
        for (int p = 0; p < 50; p++)
        {
            quantised.CopyPersonaVector(p, decoded);
            ReadOnlySpan<float> exact = Exact.GetPersonaVector(p);
            for (int d = 0; d < Dimension; d++)
            {
                Assert.InRange(decoded[d], exact[d] - 0.005f, exact[d] + 0.005f);
            }
        }
    }

    [Theory]
    [InlineData(VectorEncoding.Float32, false)]
    [InlineData(VectorEncoding.Float16, false)]
    [InlineData(VectorEncoding.Float16, true)]
    [InlineData(VectorEncoding.Int8, false)]
    [InlineData(VectorEncoding.Int8, true)]
    public void SaveLoad_EveryEncoding_RoundTripsBitForBit(VectorEncoding encoding, bool keepExact)
    {
        // Odd dimension: int8 codes need padding before the scales.
        PersonaIndex original = TestIndexes.RandomIndex(3, 45, 37).WithEncoding(encoding, keepExact);
        string path = _temp.File("encoded.p4r");
        original.Save(path);
        PersonaIndex loaded = PersonaIndex.Load(path);

        Assert.Equal((encoding, keepExact || encoding == VectorEncoding.Float32), (loaded.VectorEncoding, loaded.HasExactVectors));
        Assert.Equal(original.VectorMemoryBytes, loaded.VectorMemoryBytes);
        float[] user = TestIndexes.RandomVector(new Random(9), 37);
        Assert.Equal(Summary(original.Search(user, 10)), Summary(loaded.Search(user, 10)));
        loaded.Save(_temp.File("again.p4r"));
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_temp.File("again.p4r")));
    }

    [Fact]
    public void Save_Int8_FileIsAboutAQuarterOfFloat32()
    {
        PersonaIndex exact = TestIndexes.RandomIndex(3, 200, 384);
        exact.Save(_temp.File("f32.p4r"));
        exact.WithEncoding(VectorEncoding.Int8).Save(_temp.File("i8.p4r"));
        long vectors32 = 4L * exact.PersonaCount * 384;
        long saved = new FileInfo(_temp.File("f32.p4r")).Length - new FileInfo(_temp.File("i8.p4r")).Length;
        Assert.InRange(saved, vectors32 * 0.74, vectors32 * 0.76);
    }

    [Theory]
    [InlineData("code", "-128")]
    [InlineData("nomax", "magnitude 127")]
    [InlineData("scale", "int8 scale")]
    [InlineData("nan", "infinite or NaN")]
    [InlineData("norm", "squared norm")]
    public void Load_HostileEncodedValuesWithValidChecksums_Rejected(string attack, string expected)
    {
        PersonaIndex index = TestIndexes.RandomIndex(3, 10, 37).WithEncoding(attack is "nan" or "norm" ? VectorEncoding.Float16 : VectorEncoding.Int8);
        EncodedVectors encoded = index.Encoded!;
        Span<byte> values = encoded.Encoding == VectorEncoding.Float16 ? MemoryMarshal.AsBytes(encoded.WritableHalves) : encoded.WritableCodeBytes;
        switch (attack)
        {
            case "code":
                values[5] = 0x80;
                break;
            case "nomax":
                for (int d = 0; d < 37; d++)
                {
                    values[d] = (byte)(sbyte)Math.Clamp((sbyte)values[d], (sbyte)-100, (sbyte)100);
                }

                break;
            case "scale":
                encoded.WritableScales[2] = float.NaN;
                break;
            case "nan":
                MemoryMarshal.Cast<byte, ushort>(values)[40] = 0x7E00;
                break;
            default:
                MemoryMarshal.Cast<byte, Half>(values)[40] = (Half)3f;
                break;
        }

        string path = _temp.File(attack + ".p4r");
        index.Save(path);
        var error = Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VectorEncoding.Float32, 0)]
    [InlineData(VectorEncoding.Float16, 0)]
    [InlineData(VectorEncoding.Int8, 0)]
    [InlineData(VectorEncoding.Int8, 40)]
    public void SearchIntoBuffer_AfterWarmUp_AllocatesNothingAndMatchesSearch(VectorEncoding encoding, int rescore)
    {
        PersonaIndex index = Exact.WithEncoding(encoding, keepExactVectors: true);
        var options = new SearchOptions { ExactRescoreCount = rescore };
        float[] user = TestIndexes.RandomVector(new Random(11), Dimension);
        var matches = new PersonaMatch[10];
        _ = index.Search(user, matches, options);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int count = index.Search(user, matches, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10, count);
        ScoredItem[] expected = index.Search(user, 10, options);
        Assert.Equal(
            expected.Select(e => (e.ItemId, e.Score, e.MatchedPersona.PersonaId)),
            matches.Select(m => (index.GetItemId(m.ItemOrdinal), m.Score, index.GetPersona(m.PersonaOrdinal).PersonaId)));
    }

    private static (string, float, string)[] Summary(ScoredItem[] items) => [.. items.Select(i => (i.ItemId, i.Score, i.MatchedPersona.PersonaId))];
}
