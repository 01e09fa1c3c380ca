using Persona4Rec.Checks;

namespace Persona4Rec.Evaluation.Alignment;

/// <summary>
/// The training pairs of alignment: for every training interaction (u, i) with an item in the
/// index and at least one earlier training interaction of u, the user vector is u's profile built
/// from the interactions strictly before (u, i) in the split's order (time, ties by review id),
/// and the positive is the judge-selected persona of i when a label exists, otherwise the persona
/// of i closest to u's own review of i. Only training interactions are read.
/// </summary>
internal sealed class TrainingPairs
{
    private TrainingPairs(float[] users, int[] positives, int judgeLabelled)
    {
        Users = users;
        Positives = positives;
        JudgeLabelled = judgeLabelled;
    }

    /// <summary>Gets the unit user vectors, one row per pair.</summary>
    public float[] Users { get; }

    /// <summary>Gets each pair's positive persona ordinal in the (vanilla) index.</summary>
    public int[] Positives { get; }

    public int Count => Positives.Length;

    public int JudgeLabelled { get; }

    public static TrainingPairs Build(
        LeaveOneOutSplit split,
        PersonaIndex index,
        IReadOnlyDictionary<string, ReadOnlyMemory<float>> vectorsByReview,
        IReadOnlyDictionary<(string UserId, string ItemId), string>? judgeLabels,
        UserProfileOptions profileOptions)
    {
        int dimension = index.Dimension;
        var users = new List<float>();
        var positives = new List<int>();
        int judgeLabelled = 0;
        var profileVector = new float[dimension];
        foreach (IGrouping<string, Review> history in OrderedHistories(split.Train))
        {
            var profile = new UserProfile(history.Key, dimension, profileOptions);
            foreach (Review review in history)
            {
                ReadOnlySpan<float> reviewVector = vectorsByReview[review.ReviewId].Span;
                if (!profile.IsEmpty && index.TryGetItemOrdinal(review.ItemId, out int item))
                {
                    int? labelled = judgeLabels is not null && judgeLabels.TryGetValue((review.UserId, review.ItemId), out string? personaId)
                        ? PersonaOrdinal(index, item, personaId, review, nameof(judgeLabels))
                        : null;
                    judgeLabelled += labelled.HasValue ? 1 : 0;
                    positives.Add(labelled ?? ClosestPersona(index, item, reviewVector));
                    profile.CopyVectorTo(profileVector);
                    users.AddRange(Unit(profileVector));
                }

                profile.Add(ToInteraction(review), reviewVector);
            }
        }

        return new TrainingPairs([.. users], [.. positives], judgeLabelled);
    }

    /// <summary>Each user's reviews in the split's order, users in ordinal order, so pairs never depend on input order.</summary>
    public static IEnumerable<IGrouping<string, Review>> OrderedHistories(IEnumerable<Review> reviews) =>
        reviews
            .OrderBy(r => r.UserId, StringComparer.Ordinal)
            .ThenBy(r => r.Timestamp)
            .ThenBy(r => r.ReviewId, StringComparer.Ordinal)
            .GroupBy(r => r.UserId, StringComparer.Ordinal);

    public static UserInteraction ToInteraction(Review review) =>
        new(review.UserId, review.ItemId, review.Timestamp, review.Rating, review.ReviewId, review.Text);

    public static float[] Unit(ReadOnlySpan<float> vector)
    {
        var unit = new float[vector.Length];
        VectorChecks.Normalize(vector, unit, vector.Length, nameof(vector));
        return unit;
    }

    private static int ClosestPersona(PersonaIndex index, int item, ReadOnlySpan<float> reviewVector)
    {
        Span<PersonaMatch> match = stackalloc PersonaMatch[1];
        index.ScoreOrdinals(reviewVector, [item], match);
        return match[0].PersonaOrdinal;
    }

    private static int PersonaOrdinal(PersonaIndex index, int item, string personaId, Review review, string paramName)
    {
        for (int p = index.PersonaStart[item]; p < index.PersonaStart[item + 1]; p++)
        {
            if (string.Equals(index.GetPersona(p).PersonaId, personaId, StringComparison.Ordinal))
            {
                return p;
            }
        }

        throw new ArgumentException(
            $"The judge label of user '{review.UserId}' and item '{review.ItemId}' names persona '{personaId}', which the item does not have in the index.",
            paramName);
    }
}
