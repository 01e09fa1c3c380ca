namespace Persona4Rec;

/// <summary>
/// Turns personas and user interactions into L2-normalised vectors of one fixed dimension, in one
/// shared space, so that a user lands near the personas that explain their choices.
/// </summary>
/// <remarks>
/// <para>
/// Both entry points must use the same model, pooling and prefixes offline and online; an index
/// records <see cref="ModelId"/> and <see cref="TemplateId"/> so that a mismatch can be detected.
/// </para>
/// <para>
/// Thread safety: implementations must allow concurrent calls of both methods on one instance.
/// </para>
/// </remarks>
public interface IPersonaEncoder
{
    /// <summary>Gets the dimension of every vector this encoder returns.</summary>
    int Dimension { get; }

    /// <summary>Gets an identifier of the underlying model, stored in index files.</summary>
    string ModelId { get; }

    /// <summary>Gets an identifier of the text templates used to render personas and interactions, stored in index files.</summary>
    string TemplateId { get; }

    /// <summary>Encodes personas, one vector each, in input order.</summary>
    /// <param name="personas">The personas with their item summaries.</param>
    /// <param name="cancellationToken">Cancels the encoding.</param>
    /// <returns>One L2-normalised vector of length <see cref="Dimension"/> per persona.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="personas"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodePersonasAsync(
        IReadOnlyList<PersonaText> personas,
        CancellationToken cancellationToken = default);

    /// <summary>Encodes user interactions, one vector each, in input order.</summary>
    /// <param name="interactions">The interactions with their item summaries and aspects.</param>
    /// <param name="cancellationToken">Cancels the encoding.</param>
    /// <returns>One L2-normalised vector of length <see cref="Dimension"/> per interaction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="interactions"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodeInteractionsAsync(
        IReadOnlyList<InteractionText> interactions,
        CancellationToken cancellationToken = default);
}
