namespace Persona4Rec;

/// <summary>
/// Scores items for a user by the maximum cosine similarity between the user vector and each of
/// the item's persona vectors: the online half of Persona4Rec. No LLM and no encoder runs here.
/// </summary>
/// <remarks>
/// <para>
/// User vectors need not be unit length: they are normalised before scoring, so every score is a
/// cosine in [-1, 1]. A vector of the wrong dimension, with a NaN or infinite value, or with zero
/// length is rejected with an <see cref="ArgumentException"/>.
/// </para>
/// <para>
/// Ties between items are broken by ordinal item-id order, so results do not depend on the
/// order in which items were added.
/// </para>
/// <para>
/// Thread safety: an index is immutable once built or loaded; all members are safe to call
/// concurrently from any number of threads.
/// </para>
/// </remarks>
public interface IPersonaIndex
{
    /// <summary>Gets the dimension of every vector in the index.</summary>
    int Dimension { get; }

    /// <summary>Gets the number of items.</summary>
    int ItemCount { get; }

    /// <summary>Gets the number of personas over all items.</summary>
    int PersonaCount { get; }

    /// <summary>Gets the identifier of the encoder model that produced the persona vectors.</summary>
    string EncoderModelId { get; }

    /// <summary>Gets the identifier of the persona-text template the vectors were encoded with.</summary>
    string TemplateId { get; }

    /// <summary>Returns whether the index holds an item.</summary>
    /// <param name="itemId">The item identifier.</param>
    /// <returns><see langword="true"/> when the item is in the index.</returns>
    bool ContainsItem(string itemId);

    /// <summary>Gets an item's personas in order <c>P1</c>..<c>Pn</c>.</summary>
    /// <param name="itemId">The item identifier.</param>
    /// <returns>The item's personas (at least one).</returns>
    /// <exception cref="UnknownItemException">The item is not in the index.</exception>
    IReadOnlyList<Persona> GetPersonas(string itemId);

    /// <summary>Scores candidate items for one user: the rerank path.</summary>
    /// <param name="userVector">The user vector, of length <see cref="Dimension"/>.</param>
    /// <param name="candidateItemIds">The candidates; may be empty; duplicates are scored once each time they appear.</param>
    /// <returns>One result per candidate, in candidate order (not sorted).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="candidateItemIds"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="userVector"/> has the wrong dimension, a non-finite value or zero length.</exception>
    /// <exception cref="UnknownItemException">Some candidates are not in the index; the exception names them.</exception>
    ScoredItem[] Score(ReadOnlySpan<float> userVector, IReadOnlyList<string> candidateItemIds);

    /// <summary>
    /// Gets whether <see cref="Search"/> returns the exact top-k: the items with the highest
    /// max-over-personas cosine to the float32 persona vectors, in that order. <see langword="false"/> for
    /// approximate indexes (an HNSW graph; int8 or float16 vectors, whose shortlist rescoring narrows the
    /// gap but does not close it). <see cref="Score"/> scores every candidate it is given either way.
    /// </summary>
    bool IsExactSearch { get; }

    /// <summary>
    /// Finds the top-<paramref name="k"/> items of the whole catalogue for one user: exact when
    /// <see cref="IsExactSearch"/> is <see langword="true"/>, otherwise the implementation's approximation.
    /// </summary>
    /// <param name="userVector">The user vector, of length <see cref="Dimension"/>.</param>
    /// <param name="k">How many items to return at most; 0 returns an empty array.</param>
    /// <param name="options">Items to exclude or a filter, or <see langword="null"/>.</param>
    /// <returns>Up to <paramref name="k"/> items, best first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="userVector"/> has the wrong dimension, a non-finite value or zero length.</exception>
    ScoredItem[] Search(ReadOnlySpan<float> userVector, int k, SearchOptions? options = null);

    /// <summary>Runs <see cref="Search(ReadOnlySpan{float}, int, SearchOptions?)"/> for many users in parallel over all cores.</summary>
    /// <param name="userVectors">One vector per user.</param>
    /// <param name="k">How many items to return per user at most.</param>
    /// <param name="options"><see langword="null"/>, or one entry (possibly <see langword="null"/>) per user.</param>
    /// <param name="cancellationToken">Cancels the batch between users.</param>
    /// <returns>One result array per user, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userVectors"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A user vector is invalid (the message names its position), or <paramref name="options"/> has the wrong count.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ScoredItem[][] SearchBatch(
        IReadOnlyList<ReadOnlyMemory<float>> userVectors,
        int k,
        IReadOnlyList<SearchOptions?>? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>Runs <see cref="Score"/> for many users in parallel over all cores.</summary>
    /// <param name="userVectors">One vector per user.</param>
    /// <param name="candidateItemIds">One candidate list per user.</param>
    /// <param name="cancellationToken">Cancels the batch between users.</param>
    /// <returns>One result array per user, in input order.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The two lists differ in length, or a user vector is invalid.</exception>
    /// <exception cref="UnknownItemException">Some candidates are not in the index.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    ScoredItem[][] ScoreBatch(
        IReadOnlyList<ReadOnlyMemory<float>> userVectors,
        IReadOnlyList<IReadOnlyList<string>> candidateItemIds,
        CancellationToken cancellationToken = default);
}
