namespace Persona4Rec;

/// <summary>
/// Candidates from a first stage and from the persona index together: the first stage's top
/// items, then the persona index's best items over the whole catalogue that the first stage did
/// not propose. A first stage rarely proposes tail items; the persona search can, so they reach
/// the reranker.
/// </summary>
/// <remarks>
/// <para>
/// For a request of <c>count</c> candidates the list holds the first stage's top
/// <c>count − searchCount</c>, then up to <see cref="SearchCount"/> items found by the persona
/// search (exact, int8 or an approximate index — any <see cref="IPersonaIndex"/>), then, when the
/// search found fewer new items, the first stage's next ones; no item twice, never more than
/// <c>count</c>. A user without a profile vector gets the first stage's list unchanged.
/// </para>
/// <para>Thread-safe when the first stage, the vector lookup and the exclusions are.</para>
/// </remarks>
public sealed class HybridCandidateSource : ICandidateSource
{
    private readonly ICandidateSource _firstStage;
    private readonly IPersonaIndex _index;
    private readonly Func<string, ReadOnlyMemory<float>?> _userVector;
    private readonly Func<string, IReadOnlySet<string>> _excluded;

    /// <summary>Combines a first stage with the persona index's full-catalogue search.</summary>
    /// <param name="firstStage">The first stage.</param>
    /// <param name="index">The persona index to search.</param>
    /// <param name="userVector">A user's profile vector, or <see langword="null"/> when the user has none.</param>
    /// <param name="excludedForUser">Items the search must not propose (the user's own items), as the first stage excludes them.</param>
    /// <param name="searchCount">How many of the candidates the persona search may supply. Default: 5.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="searchCount"/> is negative.</exception>
    public HybridCandidateSource(
        ICandidateSource firstStage,
        IPersonaIndex index,
        Func<string, ReadOnlyMemory<float>?> userVector,
        Func<string, IReadOnlySet<string>> excludedForUser,
        int searchCount = 5)
    {
        ArgumentNullException.ThrowIfNull(firstStage);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(userVector);
        ArgumentNullException.ThrowIfNull(excludedForUser);
        ArgumentOutOfRangeException.ThrowIfNegative(searchCount);
        _firstStage = firstStage;
        _index = index;
        _userVector = userVector;
        _excluded = excludedForUser;
        SearchCount = searchCount;
    }

    /// <summary>Gets how many candidates the persona search may supply.</summary>
    public int SearchCount { get; }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> GetCandidatesAsync(string userId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        IReadOnlyList<string> proposed = await _firstStage.GetCandidatesAsync(userId, count, cancellationToken).ConfigureAwait(false);
        if (_userVector(userId) is not { } vector || SearchCount == 0 || count == 0)
        {
            return proposed;
        }

        int fromFirstStage = Math.Max(0, count - SearchCount);
        var merged = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string id in proposed.Take(fromFirstStage))
        {
            if (seen.Add(id))
            {
                merged.Add(id);
            }
        }

        // Ask for enough to fill the slots even when some found items are already in the list.
        ScoredItem[] found = _index.Search(vector.Span, SearchCount + merged.Count, new SearchOptions { ExcludeItemIds = _excluded(userId) });
        foreach (ScoredItem item in found)
        {
            if (merged.Count >= fromFirstStage + SearchCount || merged.Count >= count)
            {
                break;
            }

            if (seen.Add(item.ItemId))
            {
                merged.Add(item.ItemId);
            }
        }

        foreach (string id in proposed.Skip(fromFirstStage))
        {
            if (merged.Count >= count)
            {
                break;
            }

            if (seen.Add(id))
            {
                merged.Add(id);
            }
        }

        return merged;
    }
}
