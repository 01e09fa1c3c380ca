using System.Runtime.Intrinsics;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec.Tests.Indexing.Kernels;

/// <summary>
/// Every SIMD tier against the scalar reference for every dimension 0–257 and 1–8, 17 and 41 rows
/// named in any order (covering the four-row blocks, their remainders, every tail length and the
/// prefetch running ahead), and against the streaming scan bit for bit. Trait Category=Kernel marks the
/// tests that <see cref="KernelIsaRerunTests"/> re-runs with hardware intrinsics disabled.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class DotRowsKernelTests
{
    public static TheoryData<int> Dimensions()
    {
        var data = new TheoryData<int>();
        for (int d = 0; d <= 257; d++)
        {
            data.Add(d);
        }

        return data;
    }

    /// <summary>Row counts: every remainder of the four-row blocks, and lists longer than <see cref="RowPrefetch.RowsAhead"/> so the prefetch runs ahead.</summary>
    public static IReadOnlyList<int> RowCounts { get; } = [1, 2, 3, 4, 5, 6, 7, 8, RowPrefetch.RowsAhead + 1, 41];

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void DotGatheredRows_EveryTierAndRowCount_MatchesScalarReferenceAndStreamingScan(int dimension)
    {
        var random = new Random(dimension);
        foreach (int rows in RowCounts)
        {
            // Rows named in any order, some twice, some not at all: as a candidate list names them.
            int stored = rows + 3;
            float[] query = RandomValues(random, dimension);
            float[] matrix = RandomValues(random, stored * dimension);
            int[] indices = Enumerable.Range(0, rows).Select(_ => random.Next(stored)).ToArray();
            var expected = new float[rows];
            DotRowsKernel.DotGatheredRowsScalar(query, matrix, indices, dimension, expected);
            float[] scan = Run(DotRowsKernel.DotRowsStreaming, query, matrix, dimension, stored);
            float[] inScanOrder = indices.Select(i => scan[i]).ToArray();

            float[] dispatched = Gather(DotRowsKernel.DotGatheredRows, query, matrix, indices, dimension);
            AssertClose(expected, dispatched, Gathered(matrix, indices, dimension), query, dimension, "dispatch");
            Assert.Equal(inScanOrder, dispatched);
            if (Vector512.IsHardwareAccelerated && dimension >= 16)
            {
                AssertTier(DotRowsKernel.DotGatheredRows512, DotRowsKernel.DotRowsStreaming512, "Vector512");
            }

            if (Vector256.IsHardwareAccelerated && dimension >= 8)
            {
                AssertTier(DotRowsKernel.DotGatheredRows256, DotRowsKernel.DotRowsStreaming256, "Vector256");
            }

            if (Vector128.IsHardwareAccelerated && dimension >= 4)
            {
                AssertTier(DotRowsKernel.DotGatheredRows128, DotRowsKernel.DotRowsStreaming128, "Vector128");
            }

            void AssertTier(GatheredKernel gathered, Kernel streaming, string tier)
            {
                float[] actual = Gather(gathered, query, matrix, indices, dimension);
                AssertClose(expected, actual, Gathered(matrix, indices, dimension), query, dimension, tier);
                float[] tierScan = Run(streaming, query, matrix, dimension, stored);
                Assert.Equal(indices.Select(i => tierScan[i]).ToArray(), actual);
            }
        }
    }

    [Fact]
    public void DotGatheredRows_SpecialValues_MatchScalarReference()
    {
        // Exact small integers: every tier must give the exact same sums.
        const int Dimension = 37;
        float[] query = Enumerable.Range(0, Dimension).Select(i => (float)(i % 5) - 2).ToArray();
        float[] matrix = Enumerable.Range(0, 3 * Dimension).Select(i => (float)(i % 7) - 3).ToArray();
        int[] indices = [2, 0, 1, 2];
        var expected = new float[indices.Length];
        DotRowsKernel.DotGatheredRowsScalar(query, matrix, indices, Dimension, expected);
        Assert.Equal(expected, Gather(DotRowsKernel.DotGatheredRows, query, matrix, indices, Dimension));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(384)]
    [InlineData(385)]
    public void DotGatheredRows_SameRowAtAnyPosition_GivesBitIdenticalDot(int dimension)
    {
        var random = new Random(dimension);
        float[] query = RandomValues(random, dimension);
        float[] row = RandomValues(random, dimension);
        var results = new List<float>();
        for (int rows = 1; rows <= 9; rows++)
        {
            for (int position = 0; position < rows; position++)
            {
                float[] matrix = RandomValues(random, rows * dimension);
                row.CopyTo(matrix, position * dimension);
                int[] indices = Enumerable.Range(0, rows).Reverse().ToArray();
                results.Add(Gather(DotRowsKernel.DotGatheredRows, query, matrix, indices, dimension)[rows - 1 - position]);
            }
        }

        Assert.All(results, r => Assert.Equal(results[0], r));
    }

    [Fact]
    public void Runtime_HonoursIntrinsicSwitches_FromEnvironment()
    {
        // In the child processes of KernelIsaRerunTests this proves the switch took effect, so the
        // re-run really exercised the lower tiers; the parent also reads the tiers written here and
        // fails when a switch left a tier on that the machine has.
        if (Environment.GetEnvironmentVariable(KernelIsaRerunTests.TierReportVariable) is { Length: > 0 } report)
        {
            File.WriteAllLines(report, KernelIsaRerunTests.MachineTiers().Select(t => $"{t.Tier}={t.Accelerated}"));
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.False(Vector128.IsHardwareAccelerated);
            Assert.False(Vector256.IsHardwareAccelerated);
            Assert.False(Vector512.IsHardwareAccelerated);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.False(Vector512.IsHardwareAccelerated);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.False(Vector256.IsHardwareAccelerated);
            Assert.False(Vector512.IsHardwareAccelerated);
        }
    }

    private delegate void Kernel(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination);

    private delegate void GatheredKernel(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination);

    private static float[] Run(Kernel kernel, float[] query, float[] matrix, int dimension, int rows)
    {
        var actual = new float[rows];
        kernel(query, matrix, dimension, actual);
        return actual;
    }

    private static float[] Gather(GatheredKernel kernel, float[] query, float[] matrix, int[] indices, int dimension)
    {
        var actual = new float[indices.Length];
        kernel(query, matrix, indices, dimension, actual);
        return actual;
    }

    /// <summary>The named rows copied out in order, for the error bound of <see cref="AssertClose"/>.</summary>
    internal static float[] Gathered(float[] matrix, int[] indices, int dimension) =>
        indices.SelectMany(i => matrix.AsSpan(i * dimension, dimension).ToArray()).ToArray();

    internal static void AssertClose(float[] expected, float[] actual, float[] matrix, float[] query, int dimension, string tier)
    {
        for (int r = 0; r < expected.Length; r++)
        {
            // Summation order differs between tiers; bound the error by the sum of absolute products.
            double magnitude = 0;
            for (int d = 0; d < dimension; d++)
            {
                magnitude += Math.Abs((double)query[d] * matrix[(r * dimension) + d]);
            }

            double tolerance = 1e-5 * Math.Max(1, magnitude);
            Assert.True(
                Math.Abs(expected[r] - actual[r]) <= tolerance,
                $"{tier}, dimension {dimension}, row {r}/{expected.Length}: expected {expected[r]}, got {actual[r]}");
        }
    }

    internal static float[] RandomValues(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
