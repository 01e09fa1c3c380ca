using Persona4Rec.Checks;
using Persona4Rec.Indexing;
using Persona4Rec.Indexing.Kernels;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Internal;

namespace Persona4Rec;

/// <content>
/// Scoring in one place: the query as the index scores it (checked, normalised, aligned), the row
/// scorer over exact or encoded vectors, and the max over each candidate's personas. Score, Search and
/// the exact rescoring of a shortlist all go through these.
/// </content>
public sealed partial class PersonaIndex
{
    /// <summary>
    /// Checks and normalises a user vector into <paramref name="destination"/> (exactly
    /// <see cref="Dimension"/> long) and applies the alignment layer when the index has one. The
    /// destination comes from a <see cref="PooledBuffer{T}"/> declared before this call, so a
    /// rejected vector still returns a pooled array.
    /// </summary>
    private void NormalizeQuery(ReadOnlySpan<float> userVector, Span<float> destination, string paramName)
    {
        VectorChecks.Normalize(userVector, destination, Dimension, paramName);
        Alignment?.ApplyToUnit(destination, paramName);
    }

    /// <summary>
    /// Rows a rerank scores per kernel call, on the stack: about 70 candidates of seven personas.
    /// An item with more personas than this gets a pooled buffer of its size.
    /// </summary>
    private const int GatherRows = 512;

    /// <summary>
    /// Scores candidates: the best persona of each (the max over its rows, the first on ties) into
    /// <paramref name="destination"/>, in candidate order. All candidates' rows go to the kernel
    /// as one list of row numbers, so the rows of later candidates are prefetched while earlier
    /// ones are scored and no row is scored twice; a list of more than <see cref="GatherRows"/>
    /// rows goes in pieces of whole items. Pairs of candidates are interleaved row by row, which
    /// measured about 7% faster on cold candidates than one candidate after another (issue 18).
    /// </summary>
    private void ScoreItems(scoped in RowScorer scorer, scoped ReadOnlySpan<int> items, scoped Span<PersonaMatch> destination)
    {
        ReadOnlySpan<int> personaStart = _personaStart;
        int capacity = Math.Max(GatherRows, _maxPersonasPerItem);
        using var rows = new PooledBuffer<int>(capacity, stackalloc int[GatherRows]);
        using var owners = new PooledBuffer<int>(capacity, stackalloc int[GatherRows]);
        using var dots = new PooledBuffer<float>(capacity, stackalloc float[GatherRows]);
        int next = 0;
        while (next < items.Length)
        {
            int first = next;
            int count = 0;
            while (next < items.Length && count + (personaStart[items[next] + 1] - personaStart[items[next]]) <= capacity)
            {
                count += personaStart[items[next] + 1] - personaStart[items[next]];
                destination[next] = new PersonaMatch(items[next], -1, float.NegativeInfinity);
                next++;
            }

            // Two candidates' rows interleaved (A0 B0 A1 B1 …): each block of four reads two
            // items at once, so two independent streams of misses are in flight.
            int k = 0;
            for (int i = first; i < next; i += 2)
            {
                int a = personaStart[items[i]];
                int aEnd = personaStart[items[i] + 1];
                int b = i + 1 < next ? personaStart[items[i + 1]] : 0;
                int bEnd = i + 1 < next ? personaStart[items[i + 1] + 1] : 0;
                while (a < aEnd || b < bEnd)
                {
                    if (a < aEnd)
                    {
                        rows.Span[k] = a++;
                        owners.Span[k++] = i;
                    }

                    if (b < bEnd)
                    {
                        rows.Span[k] = b++;
                        owners.Span[k++] = i + 1;
                    }
                }
            }

            scorer.GatheredDots(rows.Span[..count], dots.Span[..count]);

            // An item's rows keep their order, so the strict comparison keeps the first best persona.
            for (k = 0; k < count; k++)
            {
                ref PersonaMatch best = ref destination[owners.Span[k]];
                if (best.PersonaOrdinal < 0 || dots.Span[k] > best.Score)
                {
                    best = new PersonaMatch(best.ItemOrdinal, rows.Span[k], dots.Span[k]);
                }
            }
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
        private readonly float _int8QueryScale;
        private readonly int _dimension;
        private PooledBuffer<short> _int8Query;

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
                _int8Query = new PooledBuffer<short>(_dimension, int8Buffer);
                _int8QueryScale = Int8DotRowsKernel.QuantizeQuery(query, _int8Query.Span);
            }
        }

        /// <summary>Dot products with the contiguous rows from <paramref name="firstRow"/> on, one row at a time: the scan's access pattern.</summary>
        public readonly void Dots(int firstRow, Span<float> destination)
        {
            int start = firstRow * _dimension;
            int length = destination.Length * _dimension;
            if (_encoded is null)
            {
                DotRowsKernel.DotRowsStreaming(_query, _exact.Slice(start, length), _dimension, destination);
            }
            else if (_encoded.Encoding == VectorEncoding.Float16)
            {
                HalfDotRowsKernel.DotRows(_query, _encoded.Halves.Slice(start, length), _dimension, destination);
            }
            else
            {
                Int8DotRowsKernel.DotRows(
                    _int8Query.Span, _int8QueryScale, _encoded.Codes.Slice(start, length), _encoded.Scales.Slice(firstRow, destination.Length), _dimension, destination);
            }
        }

        /// <summary>Dot products with the rows named by <paramref name="rowIndices"/>, wherever they sit, prefetched ahead: the rerank's access pattern.</summary>
        public readonly void GatheredDots(ReadOnlySpan<int> rowIndices, Span<float> destination)
        {
            if (_encoded is null)
            {
                DotRowsKernel.DotGatheredRows(_query, _exact, rowIndices, _dimension, destination);
            }
            else if (_encoded.Encoding == VectorEncoding.Float16)
            {
                HalfDotRowsKernel.DotGatheredRows(_query, _encoded.Halves, rowIndices, _dimension, destination);
            }
            else
            {
                Int8DotRowsKernel.DotGatheredRows(_int8Query.Span, _int8QueryScale, _encoded.Codes, _encoded.Scales, rowIndices, _dimension, destination);
            }
        }

        public void Dispose() => _int8Query.Dispose();
    }
}
