namespace Persona4Rec;

/// <summary>
/// Combines the first stage's order with the persona ranking. Pure persona reranking (the
/// paper's setting) throws away what the first stage knows about popularity and co-occurrence;
/// on small catalogues that can lose to the first stage itself. Reciprocal-rank fusion keeps both
/// signals without calibrating their scores against each other.
/// </summary>
public static class RankFusion
{
    /// <summary>The usual constant k of reciprocal-rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009).</summary>
    public const int DefaultK = 60;

    /// <summary>
    /// Reciprocal-rank fusion: each item scores <c>1 / (k + r₁) + 1 / (k + r₂)</c>, where r₁ is
    /// its 1-based rank in the first stage and r₂ its rank by persona score (an item missing from
    /// one list gets only the other term). Ties go to the better first-stage rank, then to the
    /// item id, so the order is deterministic.
    /// </summary>
    /// <param name="firstStageOrder">The candidates in the first stage's order, best first.</param>
    /// <param name="personaScores">The candidates' persona scores (any order).</param>
    /// <param name="k">The fusion constant; larger values flatten the difference between ranks. Default: 60.</param>
    /// <returns>The item ids of both lists, best first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public static IReadOnlyList<string> ReciprocalRank(IReadOnlyList<string> firstStageOrder, IReadOnlyList<ScoredItem> personaScores, int k = DefaultK)
    {
        ArgumentNullException.ThrowIfNull(firstStageOrder);
        ArgumentNullException.ThrowIfNull(personaScores);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var fused = new Dictionary<string, (double Score, int FirstRank)>(StringComparer.Ordinal);
        for (int i = 0; i < firstStageOrder.Count; i++)
        {
            string id = firstStageOrder[i];
            ArgumentNullException.ThrowIfNull(id, nameof(firstStageOrder));
            if (!fused.ContainsKey(id))
            {
                fused[id] = (1.0 / (k + i + 1), i + 1);
            }
        }

        ScoredItem[] byPersona = [.. personaScores.OrderByDescending(s => s.Score).ThenBy(s => s.ItemId, StringComparer.Ordinal)];
        var ranked = new HashSet<string>(StringComparer.Ordinal);
        int personaRank = 0;
        foreach (ScoredItem item in byPersona)
        {
            if (!ranked.Add(item.ItemId))
            {
                continue;
            }

            personaRank++;
            (double score, int firstRank) = fused.GetValueOrDefault(item.ItemId, (0, int.MaxValue));
            fused[item.ItemId] = (score + (1.0 / (k + personaRank)), firstRank);
        }

        return [.. fused
            .OrderByDescending(p => p.Value.Score)
            .ThenBy(p => p.Value.FirstRank)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key)];
    }
}
