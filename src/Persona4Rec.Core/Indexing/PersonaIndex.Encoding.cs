using Persona4Rec.Indexing;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Internal;

namespace Persona4Rec;

/// <content>Quantised vector encodings (float16, int8) and exact rescoring of a shortlist.</content>
public sealed partial class PersonaIndex
{
    /// <summary>
    /// Gets how the vectors that <see cref="Search(ReadOnlySpan{float}, int, SearchOptions?)"/> scans are stored. For
    /// <see cref="VectorEncoding.Float32"/> every score is exact; otherwise scan scores are
    /// approximate unless rescored (<see cref="SearchOptions.ExactRescoreCount"/>).
    /// </summary>
    public VectorEncoding VectorEncoding => _encoded?.Encoding ?? VectorEncoding.Float32;

    /// <summary>
    /// Gets whether the index holds the exact float32 vectors: always for a
    /// <see cref="VectorEncoding.Float32"/> index, and for a quantised one built with
    /// <c>keepExactVectors</c>. When it does, <see cref="Score"/> and <see cref="ScoreOrdinals"/>
    /// (a handful of candidates) score exactly, and <see cref="Search(ReadOnlySpan{float}, int, SearchOptions?)"/> can rescore its shortlist.
    /// </summary>
    public bool HasExactVectors => _vectors is not null;

    /// <summary>Gets whether the vectors are a view of a memory-mapped file (<see cref="OpenMapped"/>).</summary>
    public bool IsMemoryMapped => (_vectors ?? _encoded?.ValueBlock)?.IsMapped ?? false;

    /// <summary>Gets the bytes the persona vectors occupy in memory (quantised and exact together).</summary>
    public long VectorMemoryBytes => ((long?)_vectors?.Length * sizeof(float) ?? 0) + (_encoded?.ByteCount ?? 0);

    /// <summary>
    /// Returns a copy of this index whose scan runs over vectors in another encoding. Items,
    /// personas, texts and the alignment layer are shared, not copied.
    /// </summary>
    /// <param name="encoding">The encoding to scan.</param>
    /// <param name="keepExactVectors">
    /// Whether to keep the float32 vectors as well (memory: 4 more bytes per value), for exact
    /// candidate scoring and shortlist rescoring; ignored for <see cref="VectorEncoding.Float32"/>.
    /// </param>
    /// <returns>The re-encoded index; <see cref="Save"/> stores the encoding (and the exact vectors when kept).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="encoding"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">This index holds no float32 vectors to encode from.</exception>
    public PersonaIndex WithEncoding(VectorEncoding encoding, bool keepExactVectors = false)
    {
        if (!Enum.IsDefined(encoding))
        {
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown vector encoding.");
        }

        if (_vectors is null)
        {
            throw new InvalidOperationException("This index does not keep its float32 vectors, so it cannot be re-encoded; re-encode the float32 index it was built from.");
        }

        EncodedVectors? encoded = encoding == VectorEncoding.Float32 ? null : EncodedVectors.Encode(_vectors.Span, Dimension, encoding);
        AlignedVectorBlock? exact = encoded is null || keepExactVectors ? _vectors : null;
        return new PersonaIndex(
            Dimension, EncoderModelId, TemplateId, _itemIds, _itemSummaries, _personaStart, _personas, exact, _ordinals, _personaTexts, Alignment, encoded);
    }

    /// <summary>Copies a persona's vector: exact when the index keeps float32 vectors, else decoded from its encoding.</summary>
    /// <param name="personaOrdinal">The ordinal, in [0, <see cref="PersonaCount"/>).</param>
    /// <param name="destination">Receives <see cref="Dimension"/> values.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="personaOrdinal"/> is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Dimension"/>.</exception>
    public void CopyPersonaVector(int personaOrdinal, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(personaOrdinal);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(personaOrdinal, PersonaCount);
        if (destination.Length < Dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; the dimension is {Dimension}.", nameof(destination));
        }

        if (_vectors is not null)
        {
            _vectors.Span.Slice(personaOrdinal * Dimension, Dimension).CopyTo(destination);
        }
        else
        {
            _encoded!.Decode(personaOrdinal, destination);
        }
    }

    /// <summary>The shortlist size for exact rescoring, 0 when the scan is already exact.</summary>
    private int RescoreCount(SearchOptions? options, int k)
    {
        int requested = options?.ExactRescoreCount ?? 0;
        if (requested <= 0 || _encoded is null)
        {
            return 0;
        }

        if (_vectors is null)
        {
            throw new InvalidOperationException(
                $"{nameof(SearchOptions.ExactRescoreCount)} needs the float32 vectors, and this {VectorEncoding} index does not keep them; build it with keepExactVectors: true.");
        }

        return Math.Max(requested, k);
    }

    /// <summary>Scores a quantised shortlist exactly and offers every candidate to <paramref name="top"/>.</summary>
    private void RescoreExactly(scoped ReadOnlySpan<float> query, scoped ReadOnlySpan<PersonaMatch> shortlist, ref TopK top)
    {
        Span<short> none = [];
        using var exact = new RowScorer(this, query, none, preferExact: true);
        using var items = new PooledBuffer<int>(shortlist.Length, stackalloc int[Math.Min(shortlist.Length, 256)]);
        using var matches = new PooledBuffer<PersonaMatch>(shortlist.Length, stackalloc PersonaMatch[Math.Min(shortlist.Length, 256)]);
        for (int i = 0; i < shortlist.Length; i++)
        {
            items.Span[i] = shortlist[i].ItemOrdinal;
        }

        ScoreItems(exact, items.Span, matches.Span);
        foreach (PersonaMatch match in matches.Span)
        {
            top.Offer(match.Score, match.ItemOrdinal, match.PersonaOrdinal);
        }
    }
}
