namespace Persona4Rec;

/// <summary>Restricts a full-catalogue search.</summary>
public sealed class SearchOptions
{
    /// <summary>
    /// Gets the items never to return, typically those the user already has. Identifiers that the
    /// index does not hold are ignored. A <see cref="ISet{T}"/> or <see cref="IReadOnlySet{T}"/>
    /// is used as is; any other collection is copied once per search.
    /// </summary>
    public IReadOnlyCollection<string>? ExcludeItemIds { get; init; }

    /// <summary>
    /// Gets a predicate an item must satisfy to be returned (for example in stock, in a region), or
    /// <see langword="null"/> for all items. It is called once per item during the scan, from the
    /// searching thread, and must be thread-safe when used with batch searches.
    /// </summary>
    public Func<string, bool>? Filter { get; init; }

    /// <summary>
    /// Gets the size of a shortlist to rescore exactly on a quantised index (int8 or float16) that
    /// keeps its float32 vectors: the scan keeps the best max(k, this) items by quantised score,
    /// scores their personas again in float32, and returns the best k by exact score, with exact
    /// scores. 0 (the default) returns quantised scores. Ignored on a float32 index; on a quantised
    /// index without float32 vectors, a positive value makes the search throw
    /// <see cref="InvalidOperationException"/>. A few times k (for example 4k) recovers nearly all
    /// of the exact top k at a small cost (docs/index-format.md).
    /// </summary>
    public int ExactRescoreCount { get; init; }
}
