using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Persona4Rec.Checks;
using Persona4Rec.Indexing;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec;

/// <content>
/// The blocked batch scan: four users per pass over the persona rows. A full scan is memory-bound
/// (one 384-d row is 1.5 KB of DRAM traffic for 48 multiply-adds), so scoring four users against
/// each row while it is in registers turns four scans into one; blocks of users run in parallel.
/// </content>
public sealed partial class PersonaIndex
{
    private const int UserBlock = MultiQueryDotRowsKernel.QueryCount;

    /// <summary>
    /// <see cref="SearchBatch"/> with a cap on the cores used (−1: all); float32 indexes take the
    /// blocked scan, quantised ones one scan per user. Arguments are validated by the caller.
    /// </summary>
    internal ScoredItem[][] SearchBatchCore(
        IReadOnlyList<ReadOnlyMemory<float>> userVectors, int k, IReadOnlyList<SearchOptions?>? options, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var results = new ScoredItem[userVectors.Count][];
        if (_encoded is not null || k == 0 || ItemCount == 0)
        {
            RunParallel(userVectors.Count, i => results[i] = Search(userVectors[i].Span, k, options?[i]), cancellationToken, maxDegreeOfParallelism);
            return results;
        }

        int blocks = (userVectors.Count + UserBlock - 1) / UserBlock;
        RunParallel(blocks, b => SearchBlock(userVectors, b * UserBlock, Math.Min(UserBlock, userVectors.Count - (b * UserBlock)), k, options, results), cancellationToken, maxDegreeOfParallelism);
        return results;
    }

    /// <summary>Searches users <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 (count ≤ 4) in one pass over a float32 index.</summary>
    private void SearchBlock(IReadOnlyList<ReadOnlyMemory<float>> userVectors, int first, int count, int k, IReadOnlyList<SearchOptions?>? options, ScoredItem[][] results)
    {
        int dimension = Dimension;
        int n = Math.Min(k, ItemCount);
        float[] queries = ArrayPool<float>.Shared.Rent(UserBlock * dimension);
        float[] dots = ArrayPool<float>.Shared.Rent(UserBlock * ScanChunkRows);
        PersonaMatch[] heaps = ArrayPool<PersonaMatch>.Shared.Rent(UserBlock * n);
        try
        {
            for (int u = 0; u < UserBlock; u++)
            {
                // A short block repeats its last user: the kernel always scores four queries.
                Span<float> query = queries.AsSpan(u * dimension, dimension);
                VectorChecks.Normalize(userVectors[first + Math.Min(u, count - 1)].Span, query, dimension, nameof(userVectors));
                Alignment?.ApplyToUnit(query, nameof(userVectors));
            }

            var tops = new BlockTops(heaps, n, _itemIds);
            ScanBlock(queries.AsSpan(0, UserBlock * dimension), ref tops, count, dots, options, first);
            for (int u = 0; u < count; u++)
            {
                results[first + u] = Materialize(tops.SortBestFirst(u));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(queries);
            ArrayPool<float>.Shared.Return(dots);
            ArrayPool<PersonaMatch>.Shared.Return(heaps);
        }
    }

    /// <summary>The scan of <see cref="Scan"/> for up to four users at once, over the float32 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanBlock(ReadOnlySpan<float> queries, ref BlockTops tops, int count, float[] dots, IReadOnlyList<SearchOptions?>? options, int first)
    {
        int dimension = Dimension;
        ReadOnlySpan<float> vectors = _vectors!.Span;
        ReadOnlySpan<int> personaStart = _personaStart;
        BlockOptions filters = new(options, first, count);
        int item = 0;
        while (item < _itemIds.Length)
        {
            int firstRow = personaStart[item];
            int end = ChunkEnd(item);
            if (end == item)
            {
                for (int u = 0; u < count; u++)
                {
                    using var scorer = new RowScorer(this, queries.Slice(u * dimension, dimension), [], preferExact: true);
                    ConsiderLargeItem(scorer, item, ref tops[u], filters.Exclusions(u), filters.Filter(u), dots.AsSpan(0, ScanChunkRows));
                }

                item++;
                continue;
            }

            int rows = personaStart[end] - firstRow;
            MultiQueryDotRowsKernel.DotRows(queries, vectors.Slice(firstRow * dimension, rows * dimension), dimension, rows, dots, ScanChunkRows);
            for (int u = 0; u < count; u++)
            {
                ConsiderChunk(dots.AsSpan(u * ScanChunkRows, rows), item, end, ref tops[u], filters.Exclusions(u), filters.Filter(u));
            }

            item = end;
        }
    }

    /// <summary>Four top-k heaps over slices of one pooled array (a ref struct cannot live in an array).</summary>
    private ref struct BlockTops
    {
        private TopK _top0;
        private TopK _top1;
        private TopK _top2;
        private TopK _top3;

        public BlockTops(PersonaMatch[] storage, int k, string[] itemIds)
        {
            _top0 = new TopK(storage.AsSpan(0, k), itemIds);
            _top1 = new TopK(storage.AsSpan(k, k), itemIds);
            _top2 = new TopK(storage.AsSpan(2 * k, k), itemIds);
            _top3 = new TopK(storage.AsSpan(3 * k, k), itemIds);
        }

        [UnscopedRef]
        public ref TopK this[int user]
        {
            get
            {
                switch (user)
                {
                    case 0: return ref _top0;
                    case 1: return ref _top1;
                    case 2: return ref _top2;
                    default: return ref _top3;
                }
            }
        }

        public Span<PersonaMatch> SortBestFirst(int user) => this[user].SortBestFirst();
    }

    /// <summary>The exclusions and filters of the users of one block.</summary>
    private readonly struct BlockOptions
    {
        private readonly ExclusionSet _x0;
        private readonly ExclusionSet _x1;
        private readonly ExclusionSet _x2;
        private readonly ExclusionSet _x3;
        private readonly IReadOnlyList<SearchOptions?>? _options;
        private readonly int _first;

        public BlockOptions(IReadOnlyList<SearchOptions?>? options, int first, int count)
        {
            _options = options;
            _first = first;
            _x0 = new ExclusionSet(options?[first]?.ExcludeItemIds);
            _x1 = count > 1 ? new ExclusionSet(options?[first + 1]?.ExcludeItemIds) : default;
            _x2 = count > 2 ? new ExclusionSet(options?[first + 2]?.ExcludeItemIds) : default;
            _x3 = count > 3 ? new ExclusionSet(options?[first + 3]?.ExcludeItemIds) : default;
        }

        public ExclusionSet Exclusions(int user) => user switch { 0 => _x0, 1 => _x1, 2 => _x2, _ => _x3 };

        public Func<string, bool>? Filter(int user) => _options?[_first + user]?.Filter;
    }
}
