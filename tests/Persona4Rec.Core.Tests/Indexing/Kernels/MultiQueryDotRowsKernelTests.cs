using System.Runtime.Intrinsics;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec.Tests.Indexing.Kernels;

/// <summary>
/// The four-query kernel on every SIMD tier, every dimension 0–257 and 1–9 rows: close to the
/// scalar reference, and bit-identical to the single-query streaming kernel of the same tier (which
/// is what makes a batch search return exactly the scores of single searches).
/// </summary>
[Trait("Category", "Kernel")]
public sealed class MultiQueryDotRowsKernelTests
{
    private const int Queries = MultiQueryDotRowsKernel.QueryCount;

    public static TheoryData<int> Dimensions() => DotRowsKernelTests.Dimensions();

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void DotRows_EveryTierAndRowCount_MatchesScalarAndSingleQueryKernels(int dimension)
    {
        var random = new Random(dimension);
        for (int rows = 1; rows <= 9; rows++)
        {
            int stride = rows + 3;
            float[] queries = DotRowsKernelTests.RandomValues(random, Queries * dimension);
            float[] matrix = DotRowsKernelTests.RandomValues(random, rows * dimension);
            float[] expected = Run(MultiQueryDotRowsKernel.DotRowsScalar, queries, matrix, dimension, rows, stride);
            for (int q = 0; q < Queries; q++)
            {
                var single = new float[rows];
                DotRowsKernel.DotRowsScalar(queries.AsSpan(q * dimension, dimension), matrix, dimension, single);
                Assert.Equal(single, expected.AsSpan(q * stride, rows).ToArray());
            }

            float[] dispatched = Run(MultiQueryDotRowsKernel.DotRows, queries, matrix, dimension, rows, stride);
            AssertMatches(expected, dispatched, queries, matrix, dimension, rows, stride, "dispatch", DotRowsKernel.DotRowsStreaming);
            if (Vector512.IsHardwareAccelerated && dimension >= 16)
            {
                AssertMatches(expected, Run(MultiQueryDotRowsKernel.DotRows512, queries, matrix, dimension, rows, stride), queries, matrix, dimension, rows, stride, "Vector512", DotRowsKernel.DotRowsStreaming512);
            }

            if (Vector256.IsHardwareAccelerated && dimension >= 8)
            {
                AssertMatches(expected, Run(MultiQueryDotRowsKernel.DotRows256, queries, matrix, dimension, rows, stride), queries, matrix, dimension, rows, stride, "Vector256", DotRowsKernel.DotRowsStreaming256);
            }

            if (Vector128.IsHardwareAccelerated && dimension >= 4)
            {
                AssertMatches(expected, Run(MultiQueryDotRowsKernel.DotRows128, queries, matrix, dimension, rows, stride), queries, matrix, dimension, rows, stride, "Vector128", DotRowsKernel.DotRowsStreaming128);
            }
        }
    }

    private delegate void MultiKernel(ReadOnlySpan<float> queries, ReadOnlySpan<float> rows, int dimension, int count, Span<float> destination, int stride);

    private delegate void SingleKernel(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination);

    private static float[] Run(MultiKernel kernel, float[] queries, float[] matrix, int dimension, int rows, int stride)
    {
        // Slots between the queries' results must stay untouched.
        float[] actual = Enumerable.Repeat(-7f, Queries * stride).ToArray();
        kernel(queries, matrix, dimension, rows, actual, stride);
        for (int q = 0; q < Queries; q++)
        {
            Assert.All(actual.AsSpan((q * stride) + rows, stride - rows).ToArray(), v => Assert.Equal(-7f, v));
        }

        return actual;
    }

    private static void AssertMatches(float[] expected, float[] actual, float[] queries, float[] matrix, int dimension, int rows, int stride, string tier, SingleKernel single)
    {
        for (int q = 0; q < Queries; q++)
        {
            float[] query = queries.AsSpan(q * dimension, dimension).ToArray();
            float[] got = actual.AsSpan(q * stride, rows).ToArray();
            DotRowsKernelTests.AssertClose(expected.AsSpan(q * stride, rows).ToArray(), got, matrix, query, dimension, $"{tier} query {q}");
            var streaming = new float[rows];
            single(query, matrix, dimension, streaming);
            Assert.Equal(streaming, got);
        }
    }
}
