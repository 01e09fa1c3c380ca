using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Alignment;

public sealed class AlignmentLayerTests
{
    /// <summary>A random layer and its dense W = I + Upᵀ·Down, computed the plain way in double.</summary>
    internal static (AlignmentLayer Layer, double[,] W) RandomLayer(int seed, int dimension, int rank)
    {
        var random = new Random(seed);
        float[] up = TestIndexes.RandomVector(random, rank * dimension);
        float[] down = TestIndexes.RandomVector(random, rank * dimension);
        var w = new double[dimension, dimension];
        for (int i = 0; i < dimension; i++)
        {
            for (int j = 0; j < dimension; j++)
            {
                double sum = i == j ? 1 : 0;
                for (int k = 0; k < rank; k++)
                {
                    sum += (double)up[(k * dimension) + i] * down[(k * dimension) + j];
                }

                w[i, j] = sum;
            }
        }

        return (new AlignmentLayer(dimension, rank, up, down), w);
    }

    /// <summary>normalize(W x) in double.</summary>
    internal static double[] Reference(double[,] w, ReadOnlySpan<float> x)
    {
        int dimension = x.Length;
        var y = new double[dimension];
        for (int i = 0; i < dimension; i++)
        {
            for (int j = 0; j < dimension; j++)
            {
                y[i] += w[i, j] * x[j];
            }
        }

        double norm = Math.Sqrt(y.Sum(v => v * v));
        return [.. y.Select(v => v / norm)];
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 3)]
    [InlineData(37, 37)]
    [InlineData(384, 16)]
    public void Apply_MatchesDenseMatrixReference(int dimension, int rank)
    {
        (AlignmentLayer layer, double[,] w) = RandomLayer(dimension + rank, dimension, rank);
        float[] x = TestIndexes.RandomVector(new Random(5), dimension);
        var y = new float[dimension];

        layer.Apply(x, y);

        double[] expected = Reference(w, x);
        for (int i = 0; i < dimension; i++)
        {
            Assert.Equal(expected[i], y[i], 1e-4);
        }
    }

    [Fact]
    public void Apply_InPlaceAndScaledInput_GiveTheSameUnitVector()
    {
        (AlignmentLayer layer, _) = RandomLayer(1, 16, 4);
        float[] x = TestIndexes.RandomVector(new Random(2), 16);
        var y = new float[16];
        layer.Apply(x, y);

        float[] inPlace = [.. x.Select(v => v * 1000)];
        layer.Apply(inPlace, inPlace);

        Assert.Equal(y, inPlace, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(1, Math.Sqrt(y.Sum(v => (double)v * v)), 1e-6);
    }

    [Fact]
    public void Apply_ZeroUp_IsTheIdentity()
    {
        var random = new Random(4);
        var layer = new AlignmentLayer(6, 2, new float[12], TestIndexes.RandomVector(random, 12));
        float[] x = [3, 0, 4, 0, 0, 0];
        var y = new float[6];

        layer.Apply(x, y);

        Assert.Equal([0.6f, 0, 0.8f, 0, 0, 0], y);
    }

    [Fact]
    public void Apply_InvalidInput_Throws()
    {
        (AlignmentLayer layer, _) = RandomLayer(1, 4, 2);
        var y = new float[4];
        Assert.Throws<ArgumentException>(() => layer.Apply(new float[3], y));
        Assert.Throws<ArgumentException>(() => layer.Apply(new float[4], y));
        Assert.Throws<ArgumentException>(() => layer.Apply([1, float.NaN, 0, 0], y));
        Assert.Throws<ArgumentException>(() => layer.Apply([1, 0, 0, 0], new float[3]));
    }

    [Fact]
    public void Apply_VectorInTheNullSpace_Throws()
    {
        // W = I − e1·e1ᵀ maps e1 to zero.
        var layer = new AlignmentLayer(3, 1, [-1, 0, 0], [1, 0, 0]);
        var error = Assert.Throws<ArgumentException>(() => layer.Apply([1, 0, 0], new float[3]));
        Assert.Contains("maps the vector to zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidParameters_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignmentLayer(4, 0, [], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AlignmentLayer(2, 3, new float[6], new float[6]));
        Assert.Throws<ArgumentException>(() => new AlignmentLayer(4, 1, new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => new AlignmentLayer(4, 1, new float[4], [0, float.PositiveInfinity, 0, 0]));
    }
}
