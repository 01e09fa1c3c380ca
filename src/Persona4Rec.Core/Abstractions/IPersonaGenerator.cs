namespace Persona4Rec;

/// <summary>
/// Writes the personas of one item from its metadata and reviews: the offline half of Persona4Rec.
/// </summary>
/// <remarks>
/// <para>
/// Implementations may call an LLM (one call per method stage) or derive personas from the
/// reviews alone. Review text is data: an implementation must not let it change its output format.
/// </para>
/// <para>
/// Thread safety: implementations must allow concurrent calls of
/// <see cref="GenerateAsync"/> for different items on one instance; a caller parallelises a
/// catalogue by calling it for several items at once.
/// </para>
/// </remarks>
public interface IPersonaGenerator
{
    /// <summary>Generates the summary and personas of one item.</summary>
    /// <param name="item">The item's metadata.</param>
    /// <param name="reviews">The item's reviews; every review's <see cref="Review.ItemId"/> must equal <paramref name="item"/>'s id.</param>
    /// <param name="progress">Receives progress through the generation stages, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The item's summary and its personas <c>P1</c>..<c>Pn</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> or <paramref name="reviews"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A review belongs to another item.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ItemPersonas> GenerateAsync(
        ItemInfo item,
        IReadOnlyList<Review> reviews,
        IProgress<PersonaGenerationProgress>? progress = null,
        CancellationToken cancellationToken = default);
}
