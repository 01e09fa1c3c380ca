namespace Persona4Rec.Evaluation.Alignment;

/// <summary>
/// The early-stopping measure, built like the evaluation task: a first stage proposes candidates
/// for each validation user (their training items excluded), and the index reranks them by the
/// max-over-personas score of the user's training profile; the measure is the mean NDCG@10 of the
/// held-out validation items. A user whose validation item is not among the candidates scores 0
/// whatever the layer, so only the others are scored (the mean still counts every user). Ties go
/// to the smaller item id, as in <see cref="PersonaEvaluation"/>.
/// </summary>
internal sealed class ValidationSet
{
    private readonly float[] _users;
    private readonly int[][] _candidates;
    private readonly int _dimension;

    private ValidationSet(float[] users, int[][] candidates, int dimension, int count)
    {
        _users = users;
        _candidates = candidates;
        _dimension = dimension;
        Count = count;
    }

    /// <summary>Gets the number of validation users the mean is taken over.</summary>
    public int Count { get; }

    /// <summary>Gets the number of them whose validation item is among their candidates.</summary>
    public int Informative => _candidates.Length;

    /// <summary>Collects every validation user's profile and candidates (as index ordinals, the held-out item first).</summary>
    public static async Task<ValidationSet> BuildAsync(
        LeaveOneOutSplit split,
        PersonaIndex index,
        IReadOnlyDictionary<string, ReadOnlyMemory<float>> vectorsByReview,
        UserProfileOptions profileOptions,
        ICandidateSource firstStage,
        int candidateCount,
        CancellationToken cancellationToken)
    {
        var users = new List<float>();
        var candidates = new List<int[]>();
        var profileVector = new float[index.Dimension];
        int count = 0;
        foreach (IGrouping<string, Review> history in TrainingPairs.OrderedHistories(split.Train))
        {
            if (!split.Validation.TryGetValue(history.Key, out Review? held))
            {
                continue;
            }

            count++;
            IReadOnlyList<string> proposed = await firstStage.GetCandidatesAsync(history.Key, candidateCount, cancellationToken).ConfigureAwait(false);
            int[] ordinals = [.. proposed.Select(id => index.TryGetItemOrdinal(id, out int o) ? o : -1).Where(o => o >= 0).Distinct()];
            if (!index.TryGetItemOrdinal(held.ItemId, out int positive) || !ordinals.Contains(positive))
            {
                continue;
            }

            var profile = new UserProfile(history.Key, index.Dimension, profileOptions);
            foreach (Review review in history)
            {
                profile.Add(TrainingPairs.ToInteraction(review), vectorsByReview[review.ReviewId].Span);
            }

            profile.CopyVectorTo(profileVector);
            users.AddRange(TrainingPairs.Unit(profileVector));
            candidates.Add([positive, .. ordinals.Where(o => o != positive)]);
        }

        return new ValidationSet([.. users], [.. candidates], index.Dimension, count);
    }

    /// <summary>Mean NDCG@10 of the held-out items, over all <see cref="Count"/> users, when the given index reranks the candidates.</summary>
    public double Ndcg(PersonaIndex index)
    {
        double total = 0;
        var matches = new PersonaMatch[_candidates.Select(c => c.Length).DefaultIfEmpty().Max()];
        for (int u = 0; u < _candidates.Length; u++)
        {
            int[] candidates = _candidates[u];
            index.ScoreOrdinals(_users.AsSpan(u * _dimension, _dimension), candidates, matches);
            float positive = matches[0].Score;
            string positiveId = index.GetItemId(candidates[0]);
            int rank = 1;
            for (int c = 1; c < candidates.Length; c++)
            {
                float score = matches[c].Score;
                if (score > positive || (score == positive && string.CompareOrdinal(index.GetItemId(candidates[c]), positiveId) < 0))
                {
                    rank++;
                }
            }

            total += RankingMetrics.Ndcg(rank, 10);
        }

        return total / Count;
    }
}
