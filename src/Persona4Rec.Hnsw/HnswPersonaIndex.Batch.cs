using System.Runtime.ExceptionServices;

namespace Persona4Rec.Hnsw;

/// <content>Many users at once, and recall against the exact index.</content>
public sealed partial class HnswPersonaIndex
{
    /// <inheritdoc/>
    public ScoredItem[][] SearchBatch(
        IReadOnlyList<ReadOnlyMemory<float>> userVectors,
        int k,
        IReadOnlyList<SearchOptions?>? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userVectors);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (options is not null && options.Count != userVectors.Count)
        {
            throw new ArgumentException(
                $"{options.Count} search options were given for {userVectors.Count} users; give one per user or none.",
                nameof(options));
        }

        var query = new float[Dimension];
        for (int u = 0; u < userVectors.Count; u++)
        {
            try
            {
                Exact.PrepareQuery(userVectors[u].Span, query);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"User vector {u} is invalid: {e.Message}", nameof(userVectors), e);
            }
        }

        var results = new ScoredItem[userVectors.Count][];
        try
        {
            Parallel.For(
                0,
                userVectors.Count,
                new ParallelOptions { CancellationToken = cancellationToken },
                u => results[u] = Search(userVectors[u].Span, k, options?[u]));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return results;
    }

    /// <summary>
    /// Measures recall@k of this approximate index: for each user, the share of the exact top-k
    /// items (<see cref="PersonaIndex.Search(ReadOnlySpan{float}, int, SearchOptions?)"/> on
    /// <see cref="Exact"/>) that the approximate search also returns, averaged over users. Use real
    /// user vectors (profiles of your users), not random ones: HNSW is tuned for data with structure,
    /// and uniformly random vectors in hundreds of dimensions have none.
    /// </summary>
    /// <param name="userVectors">Sample users; each should have at least k items in the catalogue.</param>
    /// <param name="k">The cut-off, at least 1.</param>
    /// <returns>Mean recall@k in [0, 1] and its per-user values, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="userVectors"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">No users were given, or a user vector is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is less than 1.</exception>
    public HnswRecall MeasureRecall(IReadOnlyList<ReadOnlyMemory<float>> userVectors, int k = 10)
    {
        ArgumentNullException.ThrowIfNull(userVectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (userVectors.Count == 0)
        {
            throw new ArgumentException("Give at least one user vector to measure recall over.", nameof(userVectors));
        }

        ScoredItem[][] approximate = SearchBatch(userVectors, k);
        ScoredItem[][] exact = Exact.SearchBatch(userVectors, k);
        var perUser = new double[userVectors.Count];
        for (int u = 0; u < perUser.Length; u++)
        {
            if (exact[u].Length == 0)
            {
                perUser[u] = 1.0;
                continue;
            }

            var truth = exact[u].Select(s => s.ItemId).ToHashSet(StringComparer.Ordinal);
            perUser[u] = (double)approximate[u].Count(s => truth.Contains(s.ItemId)) / truth.Count;
        }

        return new HnswRecall(k, perUser.Average(), perUser);
    }
}
