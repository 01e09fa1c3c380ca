namespace Persona4Rec.Evaluation;

/// <summary>
/// A linear learning-to-rank model: minimises the mean over (positive, negative) pairs of
/// log(1 + exp(−(s⁺ − s⁻))) plus an L2 penalty, by full-batch gradient descent on standardised
/// features. Small and deterministic; the data are a few hundred validation users.
/// </summary>
internal static class PairwiseLogistic
{
    private const double StepSize = 0.5;

    public static double[] Fit(FeatureSet data, int[] queries, double[] start, RerankBlendFitterOptions options)
    {
        int f = BlendFeatures.Count;
        double[] weights = [.. start];
        var standardised = new Dictionary<int, double[]>();
        int pairs = 0;
        foreach (int q in queries)
        {
            if (data.Positives[q] < 0)
            {
                continue;
            }

            double[] rows = data.Features[q];
            var z = new double[rows.Length];
            for (int i = 0; i < rows.Length; i++)
            {
                z[i] = (rows[i] - data.Means[i % f]) / data.Scales[i % f];
            }

            standardised[q] = z;
            pairs += (rows.Length / f) - 1;
        }

        if (pairs == 0)
        {
            return weights;
        }

        var gradient = new double[f];
        var difference = new double[f];
        for (int iteration = 0; iteration < options.Iterations; iteration++)
        {
            Array.Clear(gradient);
            foreach ((int q, double[] z) in standardised)
            {
                int positive = data.Positives[q];
                int n = z.Length / f;
                for (int j = 0; j < n; j++)
                {
                    if (j == positive)
                    {
                        continue;
                    }

                    double margin = 0;
                    for (int k = 0; k < f; k++)
                    {
                        difference[k] = z[(positive * f) + k] - z[(j * f) + k];
                        margin += weights[k] * difference[k];
                    }

                    double slope = -1 / (1 + Math.Exp(margin)); // d/dm log(1 + e^−m)
                    for (int k = 0; k < f; k++)
                    {
                        gradient[k] += slope * difference[k];
                    }
                }
            }

            for (int k = 0; k < f; k++)
            {
                weights[k] -= StepSize * ((gradient[k] / pairs) + (2 * options.Regularization * weights[k]));
            }
        }

        return weights;
    }
}
