using Persona4Rec.Checks;
using Persona4Rec.Indexing;
using Persona4Rec.Indexing.Kernels;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Internal;

namespace Persona4Rec;

/// <content>
/// Scoring in one place: the query as the index scores it (checked, normalised, aligned), the row
/// scorer over exact or encoded vectors, and the max over an item's personas. Score, Search and
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
    /// How many candidates ahead of the one being scored the rerank prefetches rows. Two keep the
    /// memory system busy (two 384-d float32 candidates of 7 personas are 21 KB of misses in
    /// flight) while the prefetched rows still fit the 32–48 KB L1 cache when their turn comes;
    /// on the shared 2-core VM distances from 1 to 6, and prefetching every candidate up front,
    /// measured within the run-to-run noise of each other.
    /// </summary>
    private const int CandidatePrefetchDistance = 2;

    /// <summary>Prefetches the rows of one item, ahead of <see cref="MaxOverPersonas"/>; see <see cref="RowPrefetch"/>.</summary>
    private void PrefetchItem(scoped in RowScorer scorer, int item)
    {
        int start = _personaStart[item];
        scorer.Prefetch(start, _personaStart[item + 1] - start);
    }

    /// <summary>Computes the best persona of one item: the max over its rows and the argmax.</summary>
    private PersonaMatch MaxOverPersonas(scoped in RowScorer scorer, int item, Span<float> scratch)
    {
        int start = _personaStart[item];
        int count = _personaStart[item + 1] - start;
        Span<float> dots = scratch[..count];
        scorer.Dots(start, dots, streaming: false);
        int best = 0;
        for (int p = 1; p < dots.Length; p++)
        {
            if (dots[p] > dots[best])
            {
                best = p;
            }
        }

        return new PersonaMatch(item, start + best, dots[best]);
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
                    _int8Query.Span, _int8QueryScale, _encoded.Codes.Slice(start, length), _encoded.Scales.Slice(firstRow, destination.Length), _dimension, destination);
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

        public void Dispose() => _int8Query.Dispose();
    }
}
