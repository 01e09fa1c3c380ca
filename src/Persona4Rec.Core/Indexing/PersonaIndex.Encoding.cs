using System.Buffers;
using Persona4Rec.Indexing;
using Persona4Rec.Indexing.Kernels;
using Persona4Rec.Indexing.Storage;

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
        float[]? rented = null;
        Span<float> scratch = _maxPersonasPerItem <= StackallocScratchLimit
            ? stackalloc float[StackallocScratchLimit]
            : (rented = ArrayPool<float>.Shared.Rent(_maxPersonasPerItem));
        for (int i = 0; i < Math.Min(CandidatePrefetchDistance, shortlist.Length); i++)
        {
            PrefetchItem(exact, shortlist[i].ItemOrdinal);
        }

        for (int i = 0; i < shortlist.Length; i++)
        {
            if (i + CandidatePrefetchDistance < shortlist.Length)
            {
                PrefetchItem(exact, shortlist[i + CandidatePrefetchDistance].ItemOrdinal);
            }

            PersonaMatch match = MaxOverPersonas(exact, shortlist[i].ItemOrdinal, scratch);
            top.Offer(match.Score, match.ItemOrdinal, match.PersonaOrdinal);
        }

        if (rented is not null)
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Dot products of one prepared query with runs of persona rows, over the exact vectors or the
    /// encoded ones. For int8 the query is quantised once here, into the caller's stack buffer when
    /// it fits.
    /// </summary>
    private ref struct RowScorer
    {
        private readonly ReadOnlySpan<float> _query;
        private readonly ReadOnlySpan<float> _exact;
        private readonly EncodedVectors? _encoded;
        private readonly Span<short> _int8Query;
        private readonly float _int8QueryScale;
        private readonly int _dimension;
        private short[]? _rented;

        public RowScorer(PersonaIndex index, ReadOnlySpan<float> query, Span<short> int8Buffer, bool preferExact)
        {
            _query = query;
            _dimension = index.Dimension;
            bool exact = index._encoded is null || (preferExact && index._vectors is not null);
            if (exact)
            {
                _exact = index._vectors!.Span;
                return;
            }

            _encoded = index._encoded;
            if (_encoded!.Encoding == VectorEncoding.Int8)
            {
                _int8Query = _dimension <= int8Buffer.Length
                    ? int8Buffer[.._dimension]
                    : (_rented = ArrayPool<short>.Shared.Rent(_dimension)).AsSpan(0, _dimension);
                _int8QueryScale = Int8DotRowsKernel.QuantizeQuery(query, _int8Query);
            }
        }

        public readonly void Dots(int firstRow, Span<float> destination, bool streaming)
        {
            int start = firstRow * _dimension;
            int length = destination.Length * _dimension;
            if (_encoded is null)
            {
                if (streaming)
                {
                    DotRowsKernel.DotRowsStreaming(_query, _exact.Slice(start, length), _dimension, destination);
                }
                else
                {
                    DotRowsKernel.DotRows(_query, _exact.Slice(start, length), _dimension, destination);
                }
            }
            else if (_encoded.Encoding == VectorEncoding.Float16)
            {
                HalfDotRowsKernel.DotRows(_query, _encoded.Halves.Slice(start, length), _dimension, destination);
            }
            else
            {
                Int8DotRowsKernel.DotRows(
                    _int8Query, _int8QueryScale, _encoded.Codes.Slice(start, length), _encoded.Scales.Slice(firstRow, destination.Length), _dimension, destination);
            }
        }

        /// <summary>Asks the memory system for the rows (and int8 scales) that <see cref="Dots"/> will read for these rows; see <see cref="RowPrefetch"/>.</summary>
        public readonly void Prefetch(int firstRow, int rowCount)
        {
            int start = firstRow * _dimension;
            int length = rowCount * _dimension;
            if (_encoded is null)
            {
                RowPrefetch.Lines(_exact.Slice(start, length));
            }
            else if (_encoded.Encoding == VectorEncoding.Float16)
            {
                RowPrefetch.Lines(_encoded.Halves.Slice(start, length));
            }
            else
            {
                RowPrefetch.Lines(_encoded.Codes.Slice(start, length));
                RowPrefetch.Lines(_encoded.Scales.Slice(firstRow, rowCount));
            }
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<short>.Shared.Return(_rented);
                _rented = null;
            }
        }
    }
}
