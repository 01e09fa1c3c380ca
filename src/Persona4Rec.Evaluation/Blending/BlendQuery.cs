namespace Persona4Rec.Evaluation;

/// <summary>
/// One user's candidate list as the blend sees it, for fitting on validation: the candidates in
/// the first stage's order, their persona signals, the user's history length and the held-out
/// item (the user's validation item, never a test item).
/// </summary>
/// <param name="UserId">The user.</param>
/// <param name="CandidateItemIds">The first stage's candidates, best first.</param>
/// <param name="PersonaScores">Each candidate's max-over-personas score, in candidate order.</param>
/// <param name="PersonaMargins">Each candidate's best minus second-best persona score (0 for one persona), in candidate order.</param>
/// <param name="HistoryLength">How many interactions the user's profile was built from.</param>
/// <param name="PositiveItemId">The held-out item; a query whose positive is not among the candidates still counts (NDCG 0) but teaches nothing.</param>
public sealed record BlendQuery(
    string UserId,
    IReadOnlyList<string> CandidateItemIds,
    IReadOnlyList<float> PersonaScores,
    IReadOnlyList<float> PersonaMargins,
    int HistoryLength,
    string PositiveItemId)
{
    /// <summary>Gets the review ids the query was built from (the history and the positive), for the leakage check of the evaluation.</summary>
    internal IReadOnlyCollection<string> ReviewIds { get; init; } = [];
}
