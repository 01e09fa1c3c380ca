namespace Persona4Rec.Evaluation;

/// <summary>
/// The popularity first stage: items by number of training interactions (ties by item id), minus
/// the items to exclude for the user (their training items, and their validation item when testing).
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class PopularityCandidateSource : ICandidateSource
{
    private readonly string[] _ranked;
    private readonly Func<string, IReadOnlySet<string>> _excluded;

    /// <summary>Counts item popularity from training interactions.</summary>
    /// <param name="train">The training interactions.</param>
    /// <param name="excludedForUser">The items never to propose to a user.</param>
    public PopularityCandidateSource(IEnumerable<Review> train, Func<string, IReadOnlySet<string>> excludedForUser)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(excludedForUser);
        _ranked = [.. train.GroupBy(r => r.ItemId, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key)];
        _excluded = excludedForUser;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> GetCandidatesAsync(string userId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        IReadOnlySet<string> excluded = _excluded(userId);
        return Task.FromResult<IReadOnlyList<string>>([.. _ranked.Where(id => !excluded.Contains(id)).Take(count)]);
    }
}
