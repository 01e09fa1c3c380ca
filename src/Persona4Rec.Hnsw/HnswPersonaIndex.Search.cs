using System.Buffers;

namespace Persona4Rec.Hnsw;

/// <content>Approximate top-k search: graph neighbours, grouped per item, rescored exactly.</content>
public sealed partial class HnswPersonaIndex
{
    /// <summary>A per-thread query buffer: USearch takes arrays, not spans.</summary>
    [ThreadStatic]
    private static float[]? t_query;

    /// <inheritdoc/>
    /// <remarks>
    /// Approximate: the graph proposes items (the owners of the nearest
    /// k × <see cref="NeighboursPerResult"/> personas), the wrapped index scores each proposed item
    /// exactly, and the best k are returned in the order of <see cref="PersonaIndex.Search(ReadOnlySpan{float}, int, SearchOptions?)"/>
    /// (score, then ordinal item id). When exclusions and filters leave fewer than k proposed items,
    /// the search asks the graph for twice as many neighbours, and falls back to the exact scan once
    /// that would cover the whole catalogue, so it returns k items whenever k qualify.
    /// <see cref="SearchOptions.ExactRescoreCount"/> is not needed: proposed items are always scored
    /// as <see cref="PersonaIndex.ScoreOrdinals"/> scores them (float32 when the index keeps it).
    /// </remarks>
    public ScoredItem[] Search(ReadOnlySpan<float> userVector, int k, SearchOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        int n = Math.Min(k, ItemCount);
        PersonaMatch[] matches = ArrayPool<PersonaMatch>.Shared.Rent(Math.Max(1, n));
        try
        {
            int count = Search(userVector, matches.AsSpan(0, n), options);
            var results = new ScoredItem[count];
            for (int i = 0; i < count; i++)
            {
                PersonaMatch match = matches[i];
                results[i] = new ScoredItem(Exact.GetItemId(match.ItemOrdinal), match.Score, Exact.GetPersona(match.PersonaOrdinal));
            }

            return results;
        }
        finally
        {
            ArrayPool<PersonaMatch>.Shared.Return(matches);
        }
    }

    /// <summary>
    /// Approximate top-<c>destination.Length</c> search into a caller's buffer (see
    /// <see cref="Search(ReadOnlySpan{float}, int, SearchOptions?)"/>). Apart from the two result
    /// arrays the USearch .NET API returns per query, it allocates nothing.
    /// </summary>
    /// <param name="userVector">The user vector, of length <see cref="Dimension"/>.</param>
    /// <param name="destination">Receives the matches, best first; its length is k.</param>
    /// <param name="options">Exclusions and filter, or <see langword="null"/>.</param>
    /// <returns>The number of matches written.</returns>
    /// <exception cref="ArgumentException"><paramref name="userVector"/> is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The index was disposed.</exception>
    public int Search(ReadOnlySpan<float> userVector, Span<PersonaMatch> destination, SearchOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        float[] query = t_query is { } buffer && buffer.Length == Dimension ? buffer : (t_query = new float[Dimension]);
        Exact.PrepareQuery(userVector, query);
        int n = Math.Min(destination.Length, ItemCount);
        if (n == 0)
        {
            return 0;
        }

        var exclusions = new Exclusions(options);
        long wanted = (long)n * _neighboursPerResult;
        while (true)
        {
            if (wanted >= PersonaCount)
            {
                return Exact.Search(userVector, destination[..n], options);
            }

            int found = TrySearch(userVector, query, (int)wanted, destination[..n], in exclusions);
            if (found == n)
            {
                return found;
            }

            wanted *= 2;
        }
    }

    /// <summary>
    /// Asks the graph for <paramref name="wanted"/> persona neighbours, scores their distinct
    /// qualifying items exactly and writes the best into <paramref name="destination"/>; returns
    /// how many were written (fewer than its length when too few items qualified).
    /// </summary>
    private int TrySearch(ReadOnlySpan<float> userVector, float[] query, int wanted, Span<PersonaMatch> destination, in Exclusions exclusions)
    {
        ulong[] keys;
        _searchSlots.Wait();
        try
        {
            _graph.Search(query, wanted, out keys, out _);
        }
        finally
        {
            _searchSlots.Release();
        }

        int[] ordinals = ArrayPool<int>.Shared.Rent(keys.Length);
        PersonaMatch[] scored = ArrayPool<PersonaMatch>.Shared.Rent(keys.Length);
        try
        {
            int distinct = DistinctQualifying(keys, ordinals, in exclusions);
            Exact.ScoreOrdinals(userVector, ordinals.AsSpan(0, distinct), scored);
            Span<PersonaMatch> candidates = scored.AsSpan(0, distinct);
            candidates.Sort(new BestFirst(Exact));
            int count = Math.Min(destination.Length, distinct);
            candidates[..count].CopyTo(destination);
            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(ordinals);
            ArrayPool<PersonaMatch>.Shared.Return(scored);
        }
    }

    /// <summary>Writes the distinct item ordinals among <paramref name="keys"/> that pass the exclusions; returns their count.</summary>
    private int DistinctQualifying(ulong[] keys, int[] ordinals, in Exclusions exclusions)
    {
        for (int i = 0; i < keys.Length; i++)
        {
            if (keys[i] >= (ulong)ItemCount)
            {
                throw new InvalidOperationException(
                    $"The HNSW graph returned key {keys[i]} but the index has {ItemCount} items; the graph does not belong to this index.");
            }

            ordinals[i] = (int)keys[i];
        }

        // Every proposed item is rescored, so their order does not matter: sort, then keep each once.
        Span<int> sorted = ordinals.AsSpan(0, keys.Length);
        sorted.Sort();
        int distinct = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            if ((i == 0 || sorted[i] != sorted[i - 1]) && exclusions.Allows(Exact, sorted[i]))
            {
                ordinals[distinct++] = sorted[i];
            }
        }

        return distinct;
    }

    /// <summary>The search options' exclusions and filter; an exclusion list that is not a set is copied into one once per search.</summary>
    private readonly struct Exclusions
    {
        private readonly Func<string, bool>? _isExcluded;
        private readonly Func<string, bool>? _filter;

        public Exclusions(SearchOptions? options)
        {
            _filter = options?.Filter;
            _isExcluded = options?.ExcludeItemIds switch
            {
                null or { Count: 0 } => null,
                IReadOnlySet<string> set => set.Contains,
                ISet<string> set => set.Contains,
                { } other => new HashSet<string>(other, StringComparer.Ordinal).Contains,
            };
        }

        public bool Allows(PersonaIndex index, int ordinal)
        {
            if (_isExcluded is null && _filter is null)
            {
                return true;
            }

            string id = index.GetItemId(ordinal);
            return !(_isExcluded?.Invoke(id) ?? false) && (_filter?.Invoke(id) ?? true);
        }
    }

    /// <summary>Best first: higher score, then the smaller item id in ordinal order, as the exact scan ranks.</summary>
    private readonly struct BestFirst(PersonaIndex index) : IComparer<PersonaMatch>
    {
        public int Compare(PersonaMatch x, PersonaMatch y)
        {
            int byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(index.GetItemId(x.ItemOrdinal), index.GetItemId(y.ItemOrdinal));
        }
    }
}
