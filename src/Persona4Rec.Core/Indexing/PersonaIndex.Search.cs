using System.Runtime.CompilerServices;
using Persona4Rec.Indexing;
using Persona4Rec.Internal;

namespace Persona4Rec;

/// <content>Exact full-catalogue top-k search.</content>
public sealed partial class PersonaIndex
{
    /// <summary>
    /// Persona rows scored per kernel call during a scan. Large enough to amortise the call and keep
    /// the four-row blocking busy across item boundaries, small enough for the dots to stay in L1.
    /// </summary>
    private const int ScanChunkRows = 1024;

    /// <summary>Result buffers up to this many matches live on the stack; larger ones are pooled.</summary>
    private const int StackallocMatchLimit = 128;

    /// <inheritdoc/>
    /// <remarks>
    /// The scan reads every persona vector once (memory-bound). Exclusions and the filter are checked
    /// only for items whose score would enter the current top-k, so a filter is called for a small,
    /// unspecified subset of items, at most once per item.
    /// </remarks>
    public ScoredItem[] Search(ReadOnlySpan<float> userVector, int k, SearchOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        using var query = new PooledBuffer<float>(Dimension, stackalloc float[Math.Min(Dimension, StackallocFloatLimit)]);
        NormalizeQuery(userVector, query.Span, nameof(userVector));
        if (k == 0 || ItemCount == 0)
        {
            return [];
        }

        int n = Math.Min(k, ItemCount);
        using var matches = new PooledBuffer<PersonaMatch>(n, stackalloc PersonaMatch[StackallocMatchLimit]);
        int count = SearchCore(query.Span, matches.Span, options);
        return Materialize(matches.Span[..count]);
    }

    /// <summary>
    /// Finds the best <c>destination.Length</c> items for a user and writes them best first into a
    /// caller-supplied buffer, without allocating (with <see cref="SearchOptions.ExactRescoreCount"/>
    /// larger than 128, the shortlist comes from a shared pool): the path for hosts that serve many
    /// queries per second and map ordinals to ids themselves (<see cref="GetItemId"/>,
    /// <see cref="GetPersona"/>). Scores and order are those of <see cref="Search(ReadOnlySpan{float}, int, SearchOptions?)"/>.
    /// </summary>
    /// <param name="userVector">The user vector, of length <see cref="Dimension"/>.</param>
    /// <param name="destination">Receives the matches, best first; its length is k.</param>
    /// <param name="options">Exclusions, filter and rescoring, or <see langword="null"/>.</param>
    /// <returns>The number of matches written: k, or fewer when fewer items qualify.</returns>
    /// <exception cref="ArgumentException"><paramref name="userVector"/> is invalid.</exception>
    /// <exception cref="InvalidOperationException">Rescoring was asked of a quantised index without float32 vectors.</exception>
    public int Search(ReadOnlySpan<float> userVector, Span<PersonaMatch> destination, SearchOptions? options = null)
    {
        using var query = new PooledBuffer<float>(Dimension, stackalloc float[Math.Min(Dimension, StackallocFloatLimit)]);
        NormalizeQuery(userVector, query.Span, nameof(userVector));
        return destination.IsEmpty || ItemCount == 0 ? 0 : SearchCore(query.Span, destination[..Math.Min(destination.Length, ItemCount)], options);
    }

    /// <summary>Searches with an already normalised query into <paramref name="destination"/> (1 ≤ length ≤ items); returns the count.</summary>
    private int SearchCore(ReadOnlySpan<float> query, Span<PersonaMatch> destination, SearchOptions? options)
    {
        int rescoreCount = RescoreCount(options, destination.Length);
        if (rescoreCount == 0)
        {
            var top = new TopK(destination, _itemIds);
            Scan(query, ref top, options);
            return top.SortBestFirst().Length;
        }

        int shortlistSize = Math.Min(rescoreCount, ItemCount);
        using var shortlist = new PooledBuffer<PersonaMatch>(shortlistSize, stackalloc PersonaMatch[StackallocMatchLimit]);
        var candidates = new TopK(shortlist.Span, _itemIds);
        Scan(query, ref candidates, options);
        var rescored = new TopK(destination, _itemIds);
        RescoreExactly(query, candidates.SortBestFirst(), ref rescored);
        return rescored.SortBestFirst().Length;
    }

    /// <summary>Scans the whole catalogue with an already normalised query, offering every item to <paramref name="top"/>.</summary>
    /// <remarks>
    /// Fully optimised from the first call: one call runs long enough for on-stack replacement,
    /// whose code measured up to 20% slower than the final tier on the first scans.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Scan(ReadOnlySpan<float> query, ref TopK top, SearchOptions? options)
    {
        ExclusionSet exclusions = new(options?.ExcludeItemIds);
        Func<string, bool>? filter = options?.Filter;

        Span<float> dots = stackalloc float[ScanChunkRows];
        Span<short> int8Query = stackalloc short[_encoded is { Encoding: VectorEncoding.Int8 } ? Math.Min(Dimension, StackallocFloatLimit) : 0];
        using var scorer = new RowScorer(this, query, int8Query, preferExact: false);
        ReadOnlySpan<int> personaStart = _personaStart;
        int itemCount = _itemIds.Length;

        // Chunks hold whole items, so each item's maximum is taken over contiguous dots without
        // per-row bookkeeping; the argmax is looked up only for the few items that beat the
        // current k-th score.
        int item = 0;
        while (item < itemCount)
        {
            int firstRow = personaStart[item];
            int end = ChunkEnd(item);
            if (end == item)
            {
                ConsiderLargeItem(scorer, item, ref top, exclusions, filter, dots);
                item++;
                continue;
            }

            scorer.Dots(firstRow, dots[..(personaStart[end] - firstRow)]);
            ConsiderChunk(dots, item, end, ref top, exclusions, filter);
            item = end;
        }
    }

    /// <summary>Returns the end (exclusive) of the run of items from <paramref name="item"/> whose rows fit in one scan chunk; <paramref name="item"/> itself when its own rows do not.</summary>
    private int ChunkEnd(int item)
    {
        ReadOnlySpan<int> personaStart = _personaStart;
        int firstRow = personaStart[item];
        int end = item;
        while (end < _itemIds.Length && personaStart[end + 1] - firstRow <= ScanChunkRows)
        {
            end++;
        }

        return end;
    }

    /// <summary>Offers the items of one scored chunk to <paramref name="top"/>: each item's maximum over its contiguous dots, the argmax only for those that beat the threshold.</summary>
    private void ConsiderChunk(scoped ReadOnlySpan<float> dots, int item, int end, ref TopK top, ExclusionSet exclusions, Func<string, bool>? filter)
    {
        ReadOnlySpan<int> personaStart = _personaStart;
        int firstRow = personaStart[item];
        float threshold = top.Threshold;
        for (int i = item; i < end; i++)
        {
            ReadOnlySpan<float> itemDots = dots[(personaStart[i] - firstRow)..(personaStart[i + 1] - firstRow)];
            float max = itemDots[0];
            for (int r = 1; r < itemDots.Length; r++)
            {
                max = MathF.Max(max, itemDots[r]);
            }

            if (max >= threshold)
            {
                Consider(ref top, max, i, personaStart[i] + itemDots.IndexOf(max), exclusions, filter);
                threshold = top.Threshold;
            }
        }
    }

    /// <summary>An item with more personas than a scan chunk: its rows are scored piece by piece.</summary>
    private void ConsiderLargeItem(scoped RowScorer scorer, int item, ref TopK top, ExclusionSet exclusions, Func<string, bool>? filter, scoped Span<float> dots)
    {
        int start = _personaStart[item];
        int end = _personaStart[item + 1];
        float best = float.NegativeInfinity;
        int bestPersona = start;
        for (int pieceStart = start; pieceStart < end; pieceStart += dots.Length)
        {
            int rows = Math.Min(dots.Length, end - pieceStart);
            scorer.Dots(pieceStart, dots[..rows]);
            for (int r = 0; r < rows; r++)
            {
                if (dots[r] > best)
                {
                    best = dots[r];
                    bestPersona = pieceStart + r;
                }
            }
        }

        Consider(ref top, best, item, bestPersona, exclusions, filter);
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

    private ScoredItem[] Materialize(ReadOnlySpan<PersonaMatch> matches)
    {
        var results = new ScoredItem[matches.Length];
        for (int i = 0; i < results.Length; i++)
        {
            PersonaMatch match = matches[i];
            results[i] = new ScoredItem(_itemIds[match.ItemOrdinal], match.Score, PersonaAt(match.PersonaOrdinal, match.ItemOrdinal));
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
