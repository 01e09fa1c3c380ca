using System.Runtime.CompilerServices;
using Persona4Rec.Indexing;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec;

/// <content>Exact full-catalogue top-k search.</content>
public sealed partial class PersonaIndex
{
    /// <summary>
    /// Persona rows scored per kernel call during a scan. Large enough to amortise the call and keep
    /// the four-row blocking busy across item boundaries, small enough for the dots to stay in L1.
    /// </summary>
    private const int ScanChunkRows = 1024;

    /// <inheritdoc/>
    /// <remarks>
    /// The scan reads every persona vector once (memory-bound). Exclusions and the filter are checked
    /// only for items whose score would enter the current top-k, so a filter is called for a small,
    /// unspecified subset of items, at most once per item.
    /// </remarks>
    public ScoredItem[] Search(ReadOnlySpan<float> userVector, int k, SearchOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        Span<float> queryBuffer = stackalloc float[Math.Min(Dimension, StackallocFloatLimit)];
        using var query = new NormalizedQuery(userVector, queryBuffer, Dimension, nameof(userVector));
        return k == 0 || ItemCount == 0 ? [] : SearchCore(query.Span, k, options);
    }

    /// <summary>Scans the whole catalogue with an already normalised query.</summary>
    /// <remarks>
    /// Fully optimised from the first call: one call runs long enough for on-stack replacement,
    /// whose code measured up to 20% slower than the final tier on the first scans.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ScoredItem[] SearchCore(ReadOnlySpan<float> query, int k, SearchOptions? options)
    {
        ExclusionSet exclusions = new(options?.ExcludeItemIds);
        Func<string, bool>? filter = options?.Filter;
        var top = new TopK(Math.Min(k, ItemCount), _itemIds);

        Span<float> dots = stackalloc float[ScanChunkRows];
        ReadOnlySpan<float> vectors = _vectors.Span;
        ReadOnlySpan<int> personaStart = _personaStart;
        int dimension = Dimension;
        int personaCount = _personas.Length;

        int item = 0;
        int itemEnd = personaStart[1];
        float best = float.NegativeInfinity;
        int bestPersona = -1;
        for (int chunkStart = 0; chunkStart < personaCount; chunkStart += ScanChunkRows)
        {
            int rows = Math.Min(ScanChunkRows, personaCount - chunkStart);
            Span<float> chunk = dots[..rows];
            DotRowsKernel.DotRowsStreaming(query, vectors.Slice(chunkStart * dimension, rows * dimension), dimension, chunk);
            for (int r = 0; r < chunk.Length; r++)
            {
                int persona = chunkStart + r;
                if (persona == itemEnd)
                {
                    Consider(ref top, best, item, bestPersona, exclusions, filter);
                    item++;
                    itemEnd = personaStart[item + 1];
                    best = float.NegativeInfinity;
                }

                if (chunk[r] > best)
                {
                    best = chunk[r];
                    bestPersona = persona;
                }
            }
        }

        Consider(ref top, best, item, bestPersona, exclusions, filter);
        return Materialize(ref top);
    }

    private void Consider(ref TopK top, float score, int item, int persona, ExclusionSet exclusions, Func<string, bool>? filter)
    {
        // Cheap rejection first: most items never beat the current k-th score.
        if (score < top.Threshold)
        {
            return;
        }

        string id = _itemIds[item];
        if (exclusions.Contains(id) || (filter is not null && !filter(id)))
        {
            return;
        }

        top.Offer(score, item, persona);
    }

    private ScoredItem[] Materialize(ref TopK top)
    {
        top.DrainBestFirst(out float[] scores, out int[] items, out int[] personas);
        var results = new ScoredItem[scores.Length];
        for (int i = 0; i < results.Length; i++)
        {
            results[i] = new ScoredItem(_itemIds[items[i]], scores[i], PersonaAt(personas[i], items[i]));
        }

        return results;
    }

    /// <summary>Membership test over the caller's exclusions, reusing the caller's set when it is one.</summary>
    private readonly struct ExclusionSet
    {
        private readonly ISet<string>? _set;
        private readonly IReadOnlySet<string>? _readOnlySet;

        public ExclusionSet(IReadOnlyCollection<string>? items)
        {
            if (items is null || items.Count == 0)
            {
                return;
            }

            if (items is IReadOnlySet<string> readOnlySet)
            {
                _readOnlySet = readOnlySet;
            }
            else if (items is ISet<string> set)
            {
                _set = set;
            }
            else
            {
                _readOnlySet = new HashSet<string>(items.Where(id => id is not null), StringComparer.Ordinal);
            }
        }

        public bool Contains(string id) =>
            (_readOnlySet is not null && _readOnlySet.Contains(id)) || (_set is not null && _set.Contains(id));
    }
}
