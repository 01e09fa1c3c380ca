namespace Persona4Rec.Evaluation;

/// <summary>
/// Leave-one-out ranking metrics for one user with one held-out positive item, given the
/// positive's one-based rank in the recommended list (or <see langword="null"/> when it is not in
/// the list). Average them over users for HR@K, MRR@K and NDCG@K.
/// </summary>
public static class RankingMetrics
{
    /// <summary>Hit rate at K: 1 when the positive is in the top K, else 0.</summary>
    /// <param name="rank">The positive's one-based rank, or <see langword="null"/> if absent.</param>
    /// <param name="k">The cut-off, at least 1.</param>
    /// <returns>0 or 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> or <paramref name="k"/> is less than 1.</exception>
    public static double HitRate(int? rank, int k) => InTopK(rank, k) ? 1 : 0;

    /// <summary>Reciprocal rank at K: 1/rank when the positive is in the top K, else 0.</summary>
    /// <param name="rank">The positive's one-based rank, or <see langword="null"/> if absent.</param>
    /// <param name="k">The cut-off, at least 1.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> or <paramref name="k"/> is less than 1.</exception>
    public static double ReciprocalRank(int? rank, int k) => InTopK(rank, k) ? 1.0 / rank!.Value : 0;

    /// <summary>NDCG at K with one relevant item: 1/log2(rank + 1) when it is in the top K, else 0 (the ideal DCG is 1).</summary>
    /// <param name="rank">The positive's one-based rank, or <see langword="null"/> if absent.</param>
    /// <param name="k">The cut-off, at least 1.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> or <paramref name="k"/> is less than 1.</exception>
    public static double Ndcg(int? rank, int k) => InTopK(rank, k) ? 1.0 / Math.Log2(rank!.Value + 1) : 0;

    /// <summary>The one-based rank of <paramref name="positive"/> in <paramref name="ranked"/>, or <see langword="null"/> when absent.</summary>
    /// <param name="ranked">The recommended item ids, best first.</param>
    /// <param name="positive">The held-out item.</param>
    /// <returns>The rank, or <see langword="null"/>.</returns>
    public static int? RankOf(IReadOnlyList<string> ranked, string positive)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        for (int i = 0; i < ranked.Count; i++)
        {
            if (string.Equals(ranked[i], positive, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return null;
    }

    private static bool InTopK(int? rank, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (rank is int r)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(r, 1, nameof(rank));
            return r <= k;
        }

        return false;
    }
}
