namespace Persona4Rec.Offline;

/// <summary>One item of a catalogue to generate personas for: its metadata and its reviews.</summary>
/// <param name="Item">The item's metadata.</param>
/// <param name="Reviews">The item's reviews.</param>
public sealed record CatalogueItem(ItemInfo Item, IReadOnlyList<Review> Reviews)
{
    /// <summary>
    /// Groups reviews into catalogue items, one per item id (ordinal), in the order each item first
    /// appears; an item's reviews keep their order. Metadata is attached where known, otherwise the item
    /// is known by its id alone (<see cref="ItemInfo.FromId"/>).
    /// </summary>
    /// <param name="reviews">The reviews, e.g. a <see cref="ReviewFileResult"/>'s.</param>
    /// <param name="metadata">Item id → metadata (e.g. from <see cref="ItemMetadataReader"/>), or <see langword="null"/> for none.</param>
    /// <returns>The catalogue.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reviews"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A review is <see langword="null"/>.</exception>
    public static IReadOnlyList<CatalogueItem> FromReviews(IEnumerable<Review> reviews, IReadOnlyDictionary<string, ItemInfo>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(reviews);
        return [.. reviews
            .Select(r => r ?? throw new ArgumentException("The reviews contain a null review.", nameof(reviews)))
            .GroupBy(r => r.ItemId, StringComparer.Ordinal)
            .Select(g => new CatalogueItem(metadata?.GetValueOrDefault(g.Key) ?? ItemInfo.FromId(g.Key), [.. g]))];
    }
}

/// <summary>Progress of a <see cref="PersonaPipeline"/> run.</summary>
/// <param name="Generated">Items generated in this run so far.</param>
/// <param name="Skipped">Items skipped because the checkpoint already holds them for the same input.</param>
/// <param name="Failed">Items that failed in this run so far.</param>
/// <param name="Total">Items in the catalogue.</param>
/// <param name="LastItemId">The item that just finished, or <see langword="null"/>.</param>
public readonly record struct PersonaPipelineProgress(int Generated, int Skipped, int Failed, int Total, string? LastItemId);

/// <summary>What a <see cref="PersonaPipeline"/> run did.</summary>
/// <param name="Generated">Items generated in this run.</param>
/// <param name="Skipped">Items skipped because the checkpoint already held them for the same input.</param>
/// <param name="Failures">Items that failed, with the reason; they are retried by the next run.</param>
public sealed record PersonaPipelineSummary(int Generated, int Skipped, IReadOnlyList<PersonaFailure> Failures)
{
    /// <summary>Gets the number of failed items.</summary>
    public int Failed => Failures.Count;
}

/// <summary>An item whose personas could not be generated.</summary>
/// <param name="ItemId">The item.</param>
/// <param name="Reason">Why (never review text).</param>
public sealed record PersonaFailure(string ItemId, string Reason);
