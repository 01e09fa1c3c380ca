namespace Persona4Rec.Evaluation;

/// <summary>The fitting queries as feature rows, with the standardisation every blend fitted on them uses.</summary>
internal sealed class FeatureSet
{
    private FeatureSet(double[][] features, int[] positives, double[] means, double[] scales)
    {
        Features = features;
        Positives = positives;
        Means = means;
        Scales = scales;
        WithPositive = positives.Count(p => p >= 0);
    }

    /// <summary>Gets each query's feature rows (candidates × <see cref="BlendFeatures.Count"/>).</summary>
    public double[][] Features { get; }

    /// <summary>Gets each query's positive position among its candidates, or −1.</summary>
    public int[] Positives { get; }

    /// <summary>Gets the mean of each feature over all candidates.</summary>
    public double[] Means { get; }

    /// <summary>Gets the standard deviation of each feature over all candidates (1 where it is constant).</summary>
    public double[] Scales { get; }

    /// <summary>Gets how many queries have their positive among the candidates.</summary>
    public int WithPositive { get; }

    public static FeatureSet Build(IReadOnlyList<BlendQuery> queries, IReadOnlyDictionary<string, int> popularity)
    {
        var features = new double[queries.Count][];
        var positives = new int[queries.Count];
        for (int q = 0; q < queries.Count; q++)
        {
            BlendQuery query = queries[q];
            ArgumentNullException.ThrowIfNull(query, nameof(queries));
            int n = query.CandidateItemIds.Count;
            if (query.PersonaScores.Count != n || query.PersonaMargins.Count != n)
            {
                throw new ArgumentException(
                    $"Query of user '{query.UserId}' has {n} candidates, {query.PersonaScores.Count} scores and {query.PersonaMargins.Count} margins; they must match.", nameof(queries));
            }

            float[] scores = [.. query.PersonaScores];
            float[] margins = [.. query.PersonaMargins];
            if (scores.Concat(margins).Any(v => !float.IsFinite(v)))
            {
                throw new ArgumentException($"Query of user '{query.UserId}' has a non-finite score or margin.", nameof(queries));
            }

            int[] counts = [.. query.CandidateItemIds.Select(id => popularity.GetValueOrDefault(id))];
            features[q] = new double[n * BlendFeatures.Count];
            BlendFeatures.Compute(scores, margins, query.HistoryLength, counts, features[q]);
            positives[q] = IndexOf(query.CandidateItemIds, query.PositiveItemId);
        }

        var means = new double[BlendFeatures.Count];
        var scales = new double[BlendFeatures.Count];
        long rows = features.Sum(f => (long)f.Length / BlendFeatures.Count);
        for (int f = 0; f < BlendFeatures.Count; f++)
        {
            double sum = 0;
            foreach (double[] query in features)
            {
                for (int i = f; i < query.Length; i += BlendFeatures.Count)
                {
                    sum += query[i];
                }
            }

            means[f] = rows == 0 ? 0 : sum / rows;
            double squares = 0;
            foreach (double[] query in features)
            {
                for (int i = f; i < query.Length; i += BlendFeatures.Count)
                {
                    squares += (query[i] - means[f]) * (query[i] - means[f]);
                }
            }

            double deviation = rows == 0 ? 0 : Math.Sqrt(squares / rows);
            scales[f] = deviation > 1e-9 ? deviation : 1;
        }

        return new FeatureSet(features, positives, means, scales);
    }

    /// <summary>NDCG@10 of query <paramref name="q"/> ranked by <paramref name="weights"/> (ties keep the first stage's order).</summary>
    public double Ndcg(int q, double[] weights)
    {
        int positive = Positives[q];
        if (positive < 0)
        {
            return 0;
        }

        var scores = new double[Features[q].Length / BlendFeatures.Count];
        RerankBlend.Score(weights, Means, Scales, Features[q], scores);
        int rank = 1;
        for (int i = 0; i < scores.Length; i++)
        {
            if (scores[i] > scores[positive] || (scores[i] == scores[positive] && i < positive))
            {
                rank++;
            }
        }

        return RankingMetrics.Ndcg(rank, 10);
    }

    private static int IndexOf(IReadOnlyList<string> items, string item)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (string.Equals(items[i], item, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
