namespace Persona4Rec.Evaluation;

/// <summary>
/// Refuses to fit a blend on data it will be judged on: no fitting query may belong to a user
/// whose test figure the blend produces, and no fitting query may be built from a test review
/// (as its history or its positive).
/// </summary>
internal static class BlendLeakGuard
{
    /// <exception cref="InvalidOperationException">A leak: the message names the user and the review.</exception>
    public static void Check(IEnumerable<BlendQuery> fitting, IReadOnlySet<string> evaluatedUsers, IReadOnlySet<string> testReviewIds)
    {
        foreach (BlendQuery query in fitting)
        {
            if (evaluatedUsers.Contains(query.UserId))
            {
                throw new InvalidOperationException(
                    $"Leak: the blend would be fitted on user '{query.UserId}' and then evaluated on the same user's test item; cross-fitting must keep a user's fitting and evaluation apart.");
            }

            if (query.ReviewIds.FirstOrDefault(testReviewIds.Contains) is { } review)
            {
                throw new InvalidOperationException(
                    $"Leak: the fitting query of user '{query.UserId}' was built from test review '{review}'; a blend may only see training and validation interactions.");
            }
        }
    }
}
