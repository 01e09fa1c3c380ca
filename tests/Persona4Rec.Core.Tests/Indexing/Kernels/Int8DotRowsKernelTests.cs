using System.Runtime.Intrinsics.X86;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec.Tests.Indexing.Kernels;

/// <summary>
/// The int8 kernel: every tier against the scalar reference for every dimension 0–257, 1–5
/// contiguous rows (the scan) and rows named in any order (the rerank's gathered form). Integer sums are exact, so the tiers must agree bit for bit, not within a tolerance.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class Int8DotRowsKernelTests
{
    [Theory]
    [MemberData(nameof(DotRowsKernelTests.Dimensions), MemberType = typeof(DotRowsKernelTests))]
    public void DotRows_EveryTier_BitIdenticalToScalarReference(int dimension)
    {
        var random = new Random(dimension);
        for (int rows = 1; rows <= 5; rows++)
        {
            (short[] query, float queryScale, sbyte[] codes, float[] scales) = RandomInputs(random, dimension, rows, extreme: false);
            float[] expected = Run(Int8DotRowsKernel.DotRowsScalar, query, queryScale, codes, scales, dimension, rows);
            Assert.Equal(expected, Run(Int8DotRowsKernel.DotRows, query, queryScale, codes, scales, dimension, rows));
            if (Avx512BW.IsSupported && dimension >= 32)
            {
                Assert.Equal(expected, Run(Int8DotRowsKernel.DotRows512, query, queryScale, codes, scales, dimension, rows));
            }

            if (Avx2.IsSupported && dimension >= 16)
            {
                Assert.Equal(expected, Run(Int8DotRowsKernel.DotRows256, query, queryScale, codes, scales, dimension, rows));
            }

            if (Sse41.IsSupported && dimension >= 8)
            {
                Assert.Equal(expected, Run(Int8DotRowsKernel.DotRows128, query, queryScale, codes, scales, dimension, rows));
            }
        }
    }

    [Theory]
    [MemberData(nameof(DotRowsKernelTests.Dimensions), MemberType = typeof(DotRowsKernelTests))]
    public void DotGatheredRows_EveryTier_BitIdenticalToScalarReferenceAndScan(int dimension)
    {
        var random = new Random(dimension);
        foreach (int rows in DotRowsKernelTests.RowCounts)
        {
            int stored = rows + 3;
            (short[] query, float queryScale, sbyte[] codes, float[] scales) = RandomInputs(random, dimension, stored, extreme: false);
            int[] indices = Enumerable.Range(0, rows).Select(_ => random.Next(stored)).ToArray();
            var expected = new float[rows];
            Int8DotRowsKernel.DotGatheredRowsScalar(query, queryScale, codes, scales, indices, dimension, expected);
            float[] scan = Run(Int8DotRowsKernel.DotRows, query, queryScale, codes, scales, dimension, stored);
            Assert.Equal(indices.Select(i => scan[i]).ToArray(), expected);
            Assert.Equal(expected, Gather(Int8DotRowsKernel.DotGatheredRows));
            if (Avx512BW.IsSupported && dimension >= 32)
            {
                Assert.Equal(expected, Gather(Int8DotRowsKernel.DotGatheredRows512));
            }

            if (Avx2.IsSupported && dimension >= 16)
            {
                Assert.Equal(expected, Gather(Int8DotRowsKernel.DotGatheredRows256));
            }

            if (Sse41.IsSupported && dimension >= 8)
            {
                Assert.Equal(expected, Gather(Int8DotRowsKernel.DotGatheredRows128));
            }

            float[] Gather(GatheredKernel kernel)
            {
                var actual = new float[rows];
                kernel(query, queryScale, codes, scales, indices, dimension, actual);
                return actual;
            }
        }
    }

    [Theory]
    [InlineData(384)]
    [InlineData(4099)]
    [InlineData(65536)]
    public void DotRows_ExtremeCodes_DoNotOverflow(int dimension)
    {
        // Every code at ±127 and every query code at its limit: the largest sum the bound allows.
        var query = new short[dimension];
        Array.Fill(query, (short)Int8DotRowsKernel.MaxQueryCode(dimension));
        var codes = new sbyte[dimension];
        Array.Fill(codes, (sbyte)127);
        float[] actual = Run(Int8DotRowsKernel.DotRows, query, 1f, codes, [1f], dimension, 1);
        Assert.Equal((float)((long)Int8DotRowsKernel.MaxQueryCode(dimension) * 127 * dimension), actual[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(385)]
    [InlineData(5000)]
    public void QuantizeQuery_Vectorised_EqualsTheScalarRoundingReference(int dimension)
    {
        // The scalar loop QuantizeQuery used to be: round half to even, clamp. Values on exact
        // halves after scaling (k + 0.5) test the rounding mode; ±max tests the clamp and the sign.
        var random = new Random(dimension);
        int limit = Int8DotRowsKernel.MaxQueryCode(dimension);
        float[] query = Enumerable.Range(0, dimension).Select(d => (d % 5) switch
        {
            0 => (float)((random.NextDouble() * 2) - 1),
            1 => (random.Next(-limit, limit) + 0.5f) / limit,
            2 => d % 2 == 0 ? 1f : -1f,
            _ => -(float)random.NextDouble(),
        }).ToArray();
        float maxAbs = query.Max(MathF.Abs);
        short[] expected = query.Select(v => (short)Math.Clamp(MathF.Round(v * (limit / maxAbs)), -limit, limit)).ToArray();
        var actual = new short[dimension];

        float scale = Int8DotRowsKernel.QuantizeQuery(query, actual);

        Assert.Equal(expected, actual);
        Assert.Equal(maxAbs / limit, scale);
        Assert.Equal(0f, Int8DotRowsKernel.QuantizeQuery(new float[dimension], actual));
        Assert.All(actual, code => Assert.Equal(0, code));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(384)]
    public void Quantize_UnitVectors_ApproximatesTheFloatDot(int dimension)
    {
        var random = new Random(dimension);
        float[] query = Unit(random, dimension);
        float[] row = Unit(random, dimension);
        var q = new short[dimension];
        var c = new sbyte[dimension];
        float queryScale = Int8DotRowsKernel.QuantizeQuery(query, q);
        float rowScale = Int8DotRowsKernel.QuantizeRow(row, c);
        Assert.Contains(c, v => Math.Abs((int)v) == Int8DotRowsKernel.MaxCode);
        Assert.DoesNotContain(c, v => v == sbyte.MinValue);
        var actual = new float[1];
        Int8DotRowsKernel.DotRows(q, queryScale, c, [rowScale], dimension, actual);
        float exact = System.Numerics.Tensors.TensorPrimitives.Dot(query, row);
        Assert.InRange(actual[0], exact - 0.02f, exact + 0.02f);
    }

    private delegate void Kernel(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, int dimension, Span<float> destination);

    private delegate void GatheredKernel(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination);

    private static float[] Run(Kernel kernel, short[] query, float queryScale, sbyte[] codes, float[] scales, int dimension, int rows)
    {
        var actual = new float[rows];
        kernel(query, queryScale, codes, scales, dimension, actual);
        return actual;
    }

    private static (short[] Query, float QueryScale, sbyte[] Codes, float[] Scales) RandomInputs(Random random, int dimension, int rows, bool extreme)
    {
        int limit = Int8DotRowsKernel.MaxQueryCode(dimension);
        short[] query = Enumerable.Range(0, dimension).Select(_ => (short)random.Next(-limit, limit + 1)).ToArray();
        sbyte[] codes = Enumerable.Range(0, rows * dimension).Select(_ => (sbyte)(extreme ? 127 : random.Next(-127, 128))).ToArray();
        float[] scales = Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble() / 127).ToArray();
        return (query, 1f / limit, codes, scales);
    }

    internal static float[] Unit(Random random, int dimension)
    {
        float[] v = Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        float norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        return v.Select(x => x / norm).ToArray();
    }
}
