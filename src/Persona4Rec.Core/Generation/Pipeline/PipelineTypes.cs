namespace Persona4Rec;

/// <summary>One item of a catalogue to generate personas for: its metadata and its reviews.</summary>
/// <param name="Item">The item's metadata.</param>
/// <param name="Reviews">The item's reviews.</param>
public sealed record CatalogueItem(ItemInfo Item, IReadOnlyList<Review> Reviews);

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
