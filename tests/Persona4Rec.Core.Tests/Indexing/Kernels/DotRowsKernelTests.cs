using System.Runtime.Intrinsics;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec.Tests.Indexing.Kernels;

/// <summary>
/// Every SIMD tier against the scalar reference for every dimension 0–257 and 1–8 rows (covering
/// the four-row blocks, their remainders and every tail length). Trait Category=Kernel marks the
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

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void DotRows_EveryTierAndRowCount_MatchesScalarReference(int dimension)
    {
        var random = new Random(dimension);
        for (int rows = 1; rows <= 8; rows++)
        {
            float[] query = RandomValues(random, dimension);
            float[] matrix = RandomValues(random, rows * dimension);
            var expected = new float[rows];
            DotRowsKernel.DotRowsScalar(query, matrix, dimension, expected);

            float[] blocked = Run(DotRowsKernel.DotRows, query, matrix, dimension, rows);
            AssertClose(expected, blocked, matrix, query, dimension, "dispatch");
            Assert.Equal(blocked, Run(DotRowsKernel.DotRowsStreaming, query, matrix, dimension, rows));
            if (Vector512.IsHardwareAccelerated && dimension >= 16)
            {
                AssertClose(expected, Run(DotRowsKernel.DotRows512, query, matrix, dimension, rows), matrix, query, dimension, "Vector512");
                Assert.Equal(Run(DotRowsKernel.DotRows512, query, matrix, dimension, rows), Run(DotRowsKernel.DotRowsStreaming512, query, matrix, dimension, rows));
            }

            if (Vector256.IsHardwareAccelerated && dimension >= 8)
            {
                AssertClose(expected, Run(DotRowsKernel.DotRows256, query, matrix, dimension, rows), matrix, query, dimension, "Vector256");
                Assert.Equal(Run(DotRowsKernel.DotRows256, query, matrix, dimension, rows), Run(DotRowsKernel.DotRowsStreaming256, query, matrix, dimension, rows));
            }

            if (Vector128.IsHardwareAccelerated && dimension >= 4)
            {
                AssertClose(expected, Run(DotRowsKernel.DotRows128, query, matrix, dimension, rows), matrix, query, dimension, "Vector128");
                Assert.Equal(Run(DotRowsKernel.DotRows128, query, matrix, dimension, rows), Run(DotRowsKernel.DotRowsStreaming128, query, matrix, dimension, rows));
            }
        }
    }

    [Fact]
    public void DotRows_SpecialValues_MatchScalarReference()
    {
        // Exact small integers: every tier must give the exact same sums.
        const int Dimension = 37;
        float[] query = Enumerable.Range(0, Dimension).Select(i => (float)(i % 5) - 2).ToArray();
        float[] matrix = Enumerable.Range(0, 3 * Dimension).Select(i => (float)(i % 7) - 3).ToArray();
        var expected = new float[3];
        DotRowsKernel.DotRowsScalar(query, matrix, Dimension, expected);
        Assert.Equal(expected, Run(DotRowsKernel.DotRows, query, matrix, Dimension, 3));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(384)]
    [InlineData(385)]
    public void DotRows_SameRowAtAnyPosition_GivesBitIdenticalDot(int dimension)
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
                results.Add(Run(DotRowsKernel.DotRows, query, matrix, dimension, rows)[position]);
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

    private static float[] Run(Kernel kernel, float[] query, float[] matrix, int dimension, int rows)
    {
        var actual = new float[rows];
        kernel(query, matrix, dimension, actual);
        return actual;
    }

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
