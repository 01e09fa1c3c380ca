namespace Persona4Rec.Evaluation;

/// <summary>
/// Cross-fitting by user: users are dealt into two halves; the blend for one half is fitted on the
/// other half's validation queries only (checked by <see cref="BlendLeakGuard"/>), and the halves swap.
/// </summary>
internal static class BlendCrossFitting
{
    public const int Folds = 2;

    /// <summary>Each user's half: the sorted users shuffled with the seed, then dealt alternately.</summary>
    public static Dictionary<string, int> AssignFolds(IEnumerable<string> users, int seed)
    {
        string[] shuffled = [.. users.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        new Random(seed).Shuffle(shuffled);
        var fold = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < shuffled.Length; i++)
        {
            fold[shuffled[i]] = i % Folds;
        }

        return fold;
    }

    /// <summary>The blend for each half, fitted on the queries of users outside it.</summary>
    /// <exception cref="InvalidOperationException">A fitting query would leak into the half it is evaluated on.</exception>
    public static RerankBlendFit[] Fit(
        IReadOnlyList<BlendQuery> queries,
        IReadOnlyDictionary<string, int> foldOf,
        IReadOnlySet<string> testReviewIds,
        Func<IReadOnlyList<BlendQuery>, RerankBlendFit> fit)
    {
        var fits = new RerankBlendFit[Folds];
        for (int f = 0; f < Folds; f++)
        {
            int half = f;
            HashSet<string> evaluated = [.. foldOf.Where(p => p.Value == half).Select(p => p.Key)];
            BlendQuery[] fitting = [.. queries.Where(q => foldOf.TryGetValue(q.UserId, out int other) && other != half)];
            BlendLeakGuard.Check(fitting, evaluated, testReviewIds);
            fits[f] = fit(fitting);
        }

        return fits;
    }
}
