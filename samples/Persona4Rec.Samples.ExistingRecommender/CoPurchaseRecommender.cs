namespace Persona4Rec.Samples.ExistingRecommender;

/// <summary>
/// Stands in for the recommender a team already runs: "people who bought what you bought also
/// bought", counted from purchase histories. It knows nothing about Persona4Rec.
/// </summary>
public sealed class CoPurchaseRecommender
{
    private readonly Dictionary<string, Dictionary<string, int>> _alsoBought = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _owned = new(StringComparer.Ordinal);

    public CoPurchaseRecommender(IEnumerable<(string UserId, string ItemId)> purchases)
    {
        foreach (var user in purchases.GroupBy(p => p.UserId, StringComparer.Ordinal))
        {
            string[] items = [.. user.Select(p => p.ItemId).Distinct(StringComparer.Ordinal)];
            _owned[user.Key] = [.. items];
            foreach (string a in items)
            {
                Dictionary<string, int> counts = _alsoBought.TryGetValue(a, out var c) ? c : _alsoBought[a] = new(StringComparer.Ordinal);
                foreach (string b in items.Where(b => b != a))
                {
                    counts[b] = counts.GetValueOrDefault(b) + 1;
                }
            }
        }
    }

    /// <summary>The team's existing API: up to <paramref name="count"/> item ids for a user, best first.</summary>
    public IReadOnlyList<string> Recommend(string userId, int count)
    {
        HashSet<string> owned = _owned.GetValueOrDefault(userId) ?? [];
        return [.. owned
            .SelectMany(item => _alsoBought.GetValueOrDefault(item) ?? [])
            .Where(p => !owned.Contains(p.Key))
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .Select(g => (Item: g.Key, Score: g.Sum(p => p.Value)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Item, StringComparer.Ordinal)
            .Take(count)
            .Select(x => x.Item)];
    }
}

/// <summary>The whole integration: the existing recommender becomes Persona4Rec's first stage.</summary>
public sealed class CoPurchaseCandidates(CoPurchaseRecommender existing) : ICandidateSource
{
    public Task<IReadOnlyList<string>> GetCandidatesAsync(string userId, int count, CancellationToken cancellationToken = default) =>
        Task.FromResult(existing.Recommend(userId, count));
}
