using System.Runtime.Intrinsics;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec.Tests.Indexing.Kernels;

/// <summary>
/// The half-precision kernel: every tier against the scalar reference for every dimension 0–257
/// and 1–5 rows (the scan) or rows named in any order (the rerank's gathered form, which must give
/// the scan's bits), including subnormal, zero and negative-zero halves.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class HalfDotRowsKernelTests
{
    [Theory]
    [MemberData(nameof(DotRowsKernelTests.Dimensions), MemberType = typeof(DotRowsKernelTests))]
    public void DotRows_EveryTier_MatchesScalarReference(int dimension)
    {
        var random = new Random(dimension);
        for (int rows = 1; rows <= 5; rows++)
        {
            float[] query = Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            Half[] matrix = Enumerable.Range(0, rows * dimension).Select(i => RandomHalf(random, i)).ToArray();
            var expected = new float[rows];
            HalfDotRowsKernel.DotRowsScalar(query, matrix, dimension, expected);
            AssertClose(expected, Run(HalfDotRowsKernel.DotRows, query, matrix, dimension, rows), query, matrix, dimension, "dispatch");
            if (Vector512.IsHardwareAccelerated && dimension >= 16)
            {
                AssertClose(expected, Run(HalfDotRowsKernel.DotRows512, query, matrix, dimension, rows), query, matrix, dimension, "Vector512");
            }

            if (Vector256.IsHardwareAccelerated && dimension >= 8)
            {
                AssertClose(expected, Run(HalfDotRowsKernel.DotRows256, query, matrix, dimension, rows), query, matrix, dimension, "Vector256");
            }

            if (Vector128.IsHardwareAccelerated && dimension >= 4)
            {
                AssertClose(expected, Run(HalfDotRowsKernel.DotRows128, query, matrix, dimension, rows), query, matrix, dimension, "Vector128");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DotRowsKernelTests.Dimensions), MemberType = typeof(DotRowsKernelTests))]
    public void DotGatheredRows_EveryTier_MatchesScalarReferenceAndScanBitForBit(int dimension)
    {
        var random = new Random(dimension);
        foreach (int rows in DotRowsKernelTests.RowCounts)
        {
            int stored = rows + 3;
            float[] query = Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            Half[] matrix = Enumerable.Range(0, stored * dimension).Select(i => RandomHalf(random, i)).ToArray();
            int[] indices = Enumerable.Range(0, rows).Select(_ => random.Next(stored)).ToArray();
            Half[] named = indices.SelectMany(i => matrix.AsSpan(i * dimension, dimension).ToArray()).ToArray();
            var expected = new float[rows];
            HalfDotRowsKernel.DotGatheredRowsScalar(query, matrix, indices, dimension, expected);
            float[] dispatched = Gather(HalfDotRowsKernel.DotGatheredRows, query, matrix, indices, dimension);
            AssertClose(expected, dispatched, query, named, dimension, "dispatch");
            float[] scan = Run(HalfDotRowsKernel.DotRows, query, matrix, dimension, stored);
            Assert.Equal(indices.Select(i => scan[i]).ToArray(), dispatched);
            if (Vector512.IsHardwareAccelerated && dimension >= 16)
            {
                AssertClose(expected, Gather(HalfDotRowsKernel.DotGatheredRows512, query, matrix, indices, dimension), query, named, dimension, "Vector512");
            }

            if (Vector256.IsHardwareAccelerated && dimension >= 8)
            {
                AssertClose(expected, Gather(HalfDotRowsKernel.DotGatheredRows256, query, matrix, indices, dimension), query, named, dimension, "Vector256");
            }

            if (Vector128.IsHardwareAccelerated && dimension >= 4)
            {
                AssertClose(expected, Gather(HalfDotRowsKernel.DotGatheredRows128, query, matrix, indices, dimension), query, named, dimension, "Vector128");
            }
        }
    }

    [Fact]
    public void DotRows_OneHotQuery_ReturnsEachHalfExactly()
    {
        // A one-hot query picks out single halves, so the widening itself must be exact, for every
        // class of finite half: subnormal, ±0, the smallest and largest normals.
        Half[] specials = [BitConverter.UInt16BitsToHalf(0x0001), BitConverter.UInt16BitsToHalf(0x83FF), (Half)0f, BitConverter.UInt16BitsToHalf(0x8000),
            BitConverter.UInt16BitsToHalf(0x0400), Half.MaxValue, Half.MinValue, (Half)0.1f, (Half)(-0.7f)];
        const int Dimension = 40;
        foreach (Half special in specials)
        {
            for (int position = 0; position < Dimension; position++)
            {
                var row = new Half[Dimension];
                row[position] = special;
                var query = new float[Dimension];
                query[position] = 1f;
                float[] actual = Run(HalfDotRowsKernel.DotRows, query, row, Dimension, 1);
                Assert.Equal((float)special, actual[0]);
            }
        }
    }

    private delegate void Kernel(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, int dimension, Span<float> destination);

    private delegate void GatheredKernel(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination);

    private static float[] Gather(GatheredKernel kernel, float[] query, Half[] matrix, int[] indices, int dimension)
    {
        var actual = new float[indices.Length];
        kernel(query, matrix, indices, dimension, actual);
        return actual;
    }

    private static float[] Run(Kernel kernel, float[] query, Half[] matrix, int dimension, int rows)
    {
        var actual = new float[rows];
        kernel(query, matrix, dimension, actual);
        return actual;
    }

    private static Half RandomHalf(Random random, int i) => (i % 17) switch
    {
        0 => BitConverter.UInt16BitsToHalf((ushort)random.Next(0, 0x400)), // subnormal
        1 => BitConverter.UInt16BitsToHalf((ushort)(0x8000 | random.Next(0, 0x400))),
        _ => (Half)((random.NextDouble() * 2) - 1),
    };

    private static void AssertClose(float[] expected, float[] actual, float[] query, Half[] matrix, int dimension, string tier)
    {
        for (int r = 0; r < expected.Length; r++)
        {
            double magnitude = 0;
            for (int d = 0; d < dimension; d++)
            {
                magnitude += Math.Abs((double)query[d] * (float)matrix[(r * dimension) + d]);
            }

            Assert.True(
                Math.Abs(expected[r] - actual[r]) <= 1e-5 * Math.Max(1, magnitude),
                $"{tier}, dimension {dimension}, row {r}: expected {expected[r]}, got {actual[r]}");
        }
    }
}
