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
}
