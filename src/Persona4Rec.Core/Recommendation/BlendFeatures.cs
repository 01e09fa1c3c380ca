namespace Persona4Rec;

/// <summary>
/// The features of a <see cref="RerankBlend"/>, computed the same way when fitting and when serving:
/// one row of <see cref="Count"/> values per candidate, candidates in the first stage's order.
/// </summary>
internal static class BlendFeatures
{
    /// <summary>Features per candidate.</summary>
    public const int Count = 8;

    /// <summary>The position of the margin feature (computed only when its weight is not 0).</summary>
    public const int Margin = 4;

    /// <summary>The feature names, in order; a blend file must list exactly these.</summary>
    public static readonly string[] Names =
    [
        "first-stage rank (−rank)",
        "persona rank among the candidates (−rank)",
        "first-stage rank discount (1/log2(rank+1))",
        "persona score (z over the candidates)",
        "persona margin (best − second persona)",
        "persona z × log(1 + history length)",
        "item popularity (log(1 + training reviews))",
        "persona score (cosine)",
    ];

    /// <summary>Each candidate's 1-based rank by persona score; ties keep the first stage's order.</summary>
    private static int[] PersonaRanks(ReadOnlySpan<float> scores)
    {
        float[] copy = scores.ToArray();
        int[] order = [.. Enumerable.Range(0, copy.Length)];
        Array.Sort(order, (a, b) => copy[b].CompareTo(copy[a]) is int c && c != 0 ? c : a.CompareTo(b));
        var ranks = new int[copy.Length];
        for (int r = 0; r < order.Length; r++)
        {
            ranks[order[r]] = r + 1;
        }

        return ranks;
    }

    /// <summary>The discount of a 1-based rank, as in NDCG: strictly decreasing.</summary>
    public static double FirstStage(int rank) => 1.0 / Math.Log2(rank + 1);

    /// <summary>Writes the features of <paramref name="scores"/>.Length candidates into <paramref name="destination"/> (row-major).</summary>
    /// <param name="scores">Max-over-personas scores, in first-stage order.</param>
    /// <param name="margins">Best minus second-best persona score per candidate (0 for one persona).</param>
    /// <param name="historyLength">The user's interactions in the profile.</param>
    /// <param name="popularity">Training reviews per candidate.</param>
    /// <param name="destination">At least <c>scores.Length × Count</c> values.</param>
    public static void Compute(ReadOnlySpan<float> scores, ReadOnlySpan<float> margins, int historyLength, ReadOnlySpan<int> popularity, Span<double> destination)
    {
        int n = scores.Length;
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            mean += scores[i];
        }

        mean /= Math.Max(1, n);
        double variance = 0;
        for (int i = 0; i < n; i++)
        {
            variance += (scores[i] - mean) * (scores[i] - mean);
        }

        double spread = Math.Sqrt(variance / Math.Max(1, n));
        double history = Math.Log(1 + Math.Max(0, historyLength));
        int[] byPersona = PersonaRanks(scores);
        for (int i = 0; i < n; i++)
        {
            double z = spread > 1e-9 ? (scores[i] - mean) / spread : 0;
            Span<double> row = destination.Slice(i * Count, Count);
            row[0] = -(i + 1);
            row[1] = -byPersona[i];
            row[2] = FirstStage(i + 1);
            row[3] = z;
            row[Margin] = margins[i];
            row[5] = z * history;
            row[6] = Math.Log(1 + Math.Max(0, popularity[i]));
            row[7] = scores[i];
        }
    }
}
