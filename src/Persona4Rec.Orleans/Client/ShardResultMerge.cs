namespace Persona4Rec.Cluster;

/// <summary>Merges shard-local top-k lists into the global top-k, in the single index's order.</summary>
internal static class ShardResultMerge
{
    /// <summary>
    /// Returns the best <paramref name="k"/> of all shards' items: score descending, ties to the
    /// smaller item id (ordinal), exactly as <see cref="PersonaIndex.Search(ReadOnlySpan{float}, int, SearchOptions?)"/>
    /// orders them. Each shard's list holds its own best k, so the global best k are among them.
    /// </summary>
    public static ScoredItem[] TopK(IEnumerable<ScoredItem[]> shardItems, int k)
    {
        List<ScoredItem> all = [.. shardItems.SelectMany(items => items)];
        all.Sort(Compare);
        return [.. all.Take(k)];
    }

    /// <summary>Best first; the comparison of the index's top-k heap (so -0 equals +0, as there).</summary>
    internal static int Compare(ScoredItem a, ScoredItem b) =>
        a.Score > b.Score ? -1 : a.Score < b.Score ? 1 : string.CompareOrdinal(a.ItemId, b.ItemId);
}
