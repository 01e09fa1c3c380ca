using Persona4Rec.Alignment;
using Persona4Rec.Evaluation.Alignment;

namespace Persona4Rec.Tests.Alignment;

public sealed class InfoNceLossTests
{
    private const int Dimension = 8;
    private const int Rank = 3;

    [Fact]
    public void Compute_AnalyticGradient_MatchesCentralDifferencesInDouble()
    {
        var random = new Random(7);
        double[] users = UnitRows(random, 5);
        double[] personas = UnitRows(random, 4);
        int[] targets = [0, 1, 2, 3, 1];
        double[] parameters = Random(random, 2 * Rank * Dimension, 0.4);
        var gradient = new double[parameters.Length];
        InfoNceLoss.Compute<double>(users, personas, targets, Dimension, parameters, 0.1, gradient);

        const double Step = 1e-6;
        var scratch = new double[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            double original = parameters[i];
            parameters[i] = original + Step;
            double plus = InfoNceLoss.Compute<double>(users, personas, targets, Dimension, parameters, 0.1, scratch);
            parameters[i] = original - Step;
            double minus = InfoNceLoss.Compute<double>(users, personas, targets, Dimension, parameters, 0.1, scratch);
            parameters[i] = original;
            double numeric = (plus - minus) / (2 * Step);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-7 + (1e-6 * Math.Abs(numeric)), $"parameter {i}: analytic {gradient[i]}, numeric {numeric}");
        }

        Assert.Contains(gradient, g => Math.Abs(g) > 1e-3);
    }

    [Fact]
    public void Compute_IdentityLayer_IsPlainInfoNceOfTheCosines()
    {
        var random = new Random(3);
        double[] users = UnitRows(random, 3);
        double[] personas = UnitRows(random, 3);
        int[] targets = [2, 0, 1];
        double[] parameters = [.. new double[Rank * Dimension], .. Random(random, Rank * Dimension, 1)];

        double loss = InfoNceLoss.Compute<double>(users, personas, targets, Dimension, parameters, 0.5, new double[parameters.Length]);

        double expected = 0;
        for (int b = 0; b < 3; b++)
        {
            double[] logits = [.. Enumerable.Range(0, 3).Select(c => Dot(users, b, personas, c) / 0.5)];
            expected += Math.Log(logits.Sum(Math.Exp)) - logits[targets[b]];
        }

        Assert.Equal(expected / 3, loss, 1e-12);
    }

    [Fact]
    public void Compute_FloatAgreesWithDouble()
    {
        var random = new Random(11);
        double[] users = UnitRows(random, 6);
        double[] personas = UnitRows(random, 5);
        int[] targets = [0, 1, 2, 3, 4, 0];
        double[] parameters = Random(random, 2 * Rank * Dimension, 0.3);
        var gradient = new double[parameters.Length];
        var floatGradient = new float[parameters.Length];

        double loss = InfoNceLoss.Compute<double>(users, personas, targets, Dimension, parameters, 0.05, gradient);
        float floatLoss = InfoNceLoss.Compute<float>(ToFloat(users), ToFloat(personas), targets, Dimension, ToFloat(parameters), 0.05f, floatGradient);

        Assert.Equal(loss, floatLoss, 1e-4);
        double scale = gradient.Max(Math.Abs);
        for (int i = 0; i < gradient.Length; i++)
        {
            Assert.True(Math.Abs(gradient[i] - floatGradient[i]) <= 1e-4 * scale, $"parameter {i}: {gradient[i]} vs {floatGradient[i]}");
        }
    }

    private static double Dot(double[] a, int row, double[] b, int column) =>
        Enumerable.Range(0, Dimension).Sum(d => a[(row * Dimension) + d] * b[(column * Dimension) + d]);

    private static double[] Random(Random random, int count, double scale) =>
        [.. Enumerable.Range(0, count).Select(_ => scale * ((random.NextDouble() * 2) - 1))];

    private static double[] UnitRows(Random random, int rows)
    {
        double[] values = Random(random, rows * Dimension, 1);
        for (int r = 0; r < rows; r++)
        {
            Span<double> row = values.AsSpan(r * Dimension, Dimension);
            double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares<double>(row));
            System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }

        return values;
    }

    private static float[] ToFloat(double[] values) => [.. values.Select(v => (float)v)];
}
