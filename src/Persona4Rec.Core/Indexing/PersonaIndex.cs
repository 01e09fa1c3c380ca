using Persona4Rec.Indexing.Storage;

namespace Persona4Rec;

/// <summary>
/// The in-memory persona index: every persona vector L2-normalised and stored contiguously, each
/// item owning a contiguous range of personas, item ids mapped to dense ordinals. Build one with
/// <see cref="PersonaIndexBuilder"/> or load one with <see cref="Load(string)"/>.
/// </summary>
/// <remarks>Immutable and safe for concurrent use by any number of threads.</remarks>
public sealed partial class PersonaIndex : IPersonaIndex
{
    /// <summary>Vectors up to this many floats are normalised on the stack; longer ones use a pooled array.</summary>
    private const int StackallocFloatLimit = 2048;

    private readonly string[] _itemIds;
    private readonly string?[]? _itemSummaries;
    private readonly int[] _personaStart;
    /// <summary>Decoded personas; for a loaded index allocated on first use (a million slots is 8 MB that an open need not touch).</summary>
    private Persona?[]? _personas;
    private readonly PersonaTextStore? _personaTexts;
    private readonly AlignedVectorBlock? _vectors;
    private readonly EncodedVectors? _encoded;
    private readonly Dictionary<string, int> _ordinals;
    private readonly int _maxPersonasPerItem;

    /// <summary>Wraps already validated, normalised arrays; the caller hands over ownership. A loaded index passes <paramref name="personaTexts"/> and no summaries.</summary>
    internal PersonaIndex(
        int dimension,
        string encoderModelId,
        string templateId,
        string[] itemIds,
        string?[]? itemSummaries,
        int[] personaStart,
        Persona?[]? personas,
        AlignedVectorBlock? vectors,
        Dictionary<string, int> ordinals,
        PersonaTextStore? personaTexts = null,
        AlignmentLayer? alignment = null,
        EncodedVectors? encoded = null)
    {
        System.Diagnostics.Debug.Assert(vectors is not null || encoded is not null, "An index holds exact or encoded vectors.");
        Dimension = dimension;
        EncoderModelId = encoderModelId;
        TemplateId = templateId;
        _itemIds = itemIds;
        _itemSummaries = itemSummaries;
        _personaStart = personaStart;
        _personas = personas;
        _vectors = vectors;
        _encoded = encoded;
        _ordinals = ordinals;
        _personaTexts = personaTexts;
        Alignment = alignment;
        for (int i = 0; i < itemIds.Length; i++)
        {
            _maxPersonasPerItem = Math.Max(_maxPersonasPerItem, personaStart[i + 1] - personaStart[i]);
        }
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public int ItemCount => _itemIds.Length;

    /// <inheritdoc/>
    public int PersonaCount => _personaStart[^1];

    /// <inheritdoc/>
    public string EncoderModelId { get; }

    /// <inheritdoc/>
    public string TemplateId { get; }

    /// <inheritdoc/>
    /// <remarks><see langword="true"/> for float32 vectors; an int8 or float16 index scans its encoded rows (see <see cref="VectorEncoding"/>).</remarks>
    public bool IsExactSearch => VectorEncoding == VectorEncoding.Float32;

    /// <inheritdoc/>
    public bool ContainsItem(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        return _ordinals.ContainsKey(itemId);
    }

    /// <inheritdoc/>
    public IReadOnlyList<Persona> GetPersonas(string itemId)
    {
        int item = GetOrdinalOrThrow(itemId);
        var personas = new Persona[_personaStart[item + 1] - _personaStart[item]];
        for (int p = 0; p < personas.Length; p++)
        {
            personas[p] = PersonaAt(_personaStart[item] + p, item);
        }

        return personas;
    }

    /// <summary>Gets an item's neutral summary, stored with the index.</summary>
    /// <param name="itemId">The item identifier.</param>
    /// <returns>The summary, or <see langword="null"/> when the item has none.</returns>
    /// <exception cref="UnknownItemException">The item is not in the index.</exception>
    /// <exception cref="PersonaIndexFormatException">The index was opened with <see cref="OpenMapped"/> and the stored summary is damaged (texts are verified on first use).</exception>
    public string? GetItemSummary(string itemId) => ItemSummaryAt(GetOrdinalOrThrow(itemId));

    /// <summary>Looks up an item's dense ordinal, for the allocation-free <see cref="ScoreOrdinals"/>.</summary>
    /// <param name="itemId">The item identifier.</param>
    /// <param name="ordinal">The ordinal in [0, <see cref="ItemCount"/>) when found.</param>
    /// <returns><see langword="true"/> when the item is in the index.</returns>
    public bool TryGetItemOrdinal(string itemId, out int ordinal)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        return _ordinals.TryGetValue(itemId, out ordinal);
    }

    /// <summary>Gets the identifier of the item at a dense ordinal.</summary>
    /// <param name="ordinal">The ordinal, in [0, <see cref="ItemCount"/>).</param>
    /// <returns>The item identifier.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ordinal"/> is out of range.</exception>
    public string GetItemId(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ordinal, _itemIds.Length);
        return _itemIds[ordinal];
    }

    /// <summary>
    /// Gets the global ordinals of an item's personas: an item owns one contiguous range, in order
    /// <c>P1</c>..<c>Pn</c>, for use with <see cref="GetPersona"/> and <see cref="CopyPersonaVector"/>.
    /// </summary>
    /// <param name="itemOrdinal">The item ordinal, in [0, <see cref="ItemCount"/>).</param>
    /// <returns>The range of persona ordinals (never empty).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="itemOrdinal"/> is out of range.</exception>
    public Range GetPersonaOrdinals(int itemOrdinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(itemOrdinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(itemOrdinal, _itemIds.Length);
        return new Range(_personaStart[itemOrdinal], _personaStart[itemOrdinal + 1]);
    }

    /// <summary>Gets the persona at a global persona ordinal, as returned in <see cref="PersonaMatch.PersonaOrdinal"/>.</summary>
    /// <param name="personaOrdinal">The ordinal, in [0, <see cref="PersonaCount"/>).</param>
    /// <returns>The persona.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="personaOrdinal"/> is out of range.</exception>
    /// <exception cref="PersonaIndexFormatException">The index was opened with <see cref="OpenMapped"/> and the stored texts are damaged (texts are verified on first use).</exception>
    public Persona GetPersona(int personaOrdinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(personaOrdinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(personaOrdinal, PersonaCount);
        int found = Array.BinarySearch(_personaStart, personaOrdinal);
        return PersonaAt(personaOrdinal, found >= 0 ? found : ~found - 1);
    }

    /// <summary>Gets the stored (unit-length) float32 vector of a persona.</summary>
    /// <param name="personaOrdinal">The ordinal, in [0, <see cref="PersonaCount"/>).</param>
    /// <returns>A read-only view of the vector, valid for the life of the index.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="personaOrdinal"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The index holds only quantised vectors (<see cref="HasExactVectors"/> is false); use <see cref="CopyPersonaVector"/>.</exception>
    public ReadOnlySpan<float> GetPersonaVector(int personaOrdinal)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(personaOrdinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(personaOrdinal, PersonaCount);
        return ExactVectors.Slice(personaOrdinal * Dimension, Dimension);
    }

    /// <summary>The float32 vectors; only for an index that holds them.</summary>
    internal ReadOnlySpan<float> Vectors => ExactVectors;

    internal EncodedVectors? Encoded => _encoded;

    private ReadOnlySpan<float> ExactVectors => _vectors is null
        ? throw new InvalidOperationException($"This {VectorEncoding} index does not keep its float32 vectors; build it with keepExactVectors: true, or use {nameof(CopyPersonaVector)}.")
        : _vectors.Span;

    internal ReadOnlySpan<int> PersonaStart => _personaStart;

    internal ReadOnlySpan<string> ItemIds => _itemIds;

    /// <summary>Gets an item's summary, decoded from the text store for a loaded index.</summary>
    internal string? ItemSummaryAt(int item) => _personaTexts is null ? _itemSummaries![item] : _personaTexts.Summary(item);

    /// <summary>
    /// Gets a persona by ordinal, decoding its texts on first use for a loaded index. Publication
    /// is race-free: concurrent first calls agree on one instance.
    /// </summary>
    internal Persona PersonaAt(int personaOrdinal, int item)
    {
        Persona?[] personas = Volatile.Read(ref _personas) ?? Interlocked.CompareExchange(ref _personas, new Persona?[PersonaCount], null) ?? _personas!;
        Persona? persona = Volatile.Read(ref personas[personaOrdinal]);
        if (persona is null)
        {
            persona = _personaTexts!.Decode(personaOrdinal, _itemIds[item]);
            persona = Interlocked.CompareExchange(ref personas[personaOrdinal], persona, null) ?? persona;
        }

        return persona;
    }

    private int GetOrdinalOrThrow(string itemId)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        if (!_ordinals.TryGetValue(itemId, out int ordinal))
        {
            throw new UnknownItemException([itemId], nameof(itemId));
        }

        return ordinal;
    }
}
