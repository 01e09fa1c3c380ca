namespace Persona4Rec;

/// <summary>
/// A first stage that proposes candidates for a user: an existing recommender (collaborative
/// filtering, popularity, business rules) plugs in here and Persona4Rec reranks its output.
/// </summary>
/// <remarks>Thread safety: implementations must allow concurrent calls.</remarks>
public interface ICandidateSource
{
    /// <summary>Gets up to <paramref name="count"/> candidate item ids for a user, best first.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="count">How many candidates to return at most.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The candidates, best first by the first stage's own order.</returns>
    Task<IReadOnlyList<string>> GetCandidatesAsync(string userId, int count, CancellationToken cancellationToken = default);
}
