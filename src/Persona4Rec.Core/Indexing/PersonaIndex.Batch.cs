using System.Runtime.ExceptionServices;
using Persona4Rec.Checks;

namespace Persona4Rec;

/// <content>Batch forms that spread many users over all cores.</content>
public sealed partial class PersonaIndex
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

        ValidateUserVectors(userVectors);
        return SearchBatchCore(userVectors, k, options, maxDegreeOfParallelism: -1, cancellationToken);
    }

    /// <inheritdoc/>
    public ScoredItem[][] ScoreBatch(
        IReadOnlyList<ReadOnlyMemory<float>> userVectors,
        IReadOnlyList<IReadOnlyList<string>> candidateItemIds,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userVectors);
        ArgumentNullException.ThrowIfNull(candidateItemIds);
        if (candidateItemIds.Count != userVectors.Count)
        {
            throw new ArgumentException(
                $"{candidateItemIds.Count} candidate lists were given for {userVectors.Count} users; give one per user.",
                nameof(candidateItemIds));
        }

        ValidateUserVectors(userVectors);
        List<string>? unknown = null;
        for (int u = 0; u < candidateItemIds.Count; u++)
        {
            IReadOnlyList<string> candidates = candidateItemIds[u]
                ?? throw new ArgumentException($"The candidate list of user {u} is null.", nameof(candidateItemIds));
            foreach (string id in candidates)
            {
                if (id is null || !_ordinals.ContainsKey(id))
                {
                    (unknown ??= []).Add(id ?? "<null>");
                }
            }
        }

        if (unknown is not null)
        {
            throw new UnknownItemException(unknown.Distinct(StringComparer.Ordinal).ToArray(), nameof(candidateItemIds));
        }

        var results = new ScoredItem[userVectors.Count][];
        RunParallel(userVectors.Count, i => results[i] = Score(userVectors[i].Span, candidateItemIds[i]), cancellationToken);
        return results;
    }

    /// <summary>Validates every vector up front so that an error names the user, not a worker thread.</summary>
    private void ValidateUserVectors(IReadOnlyList<ReadOnlyMemory<float>> userVectors)
    {
        for (int i = 0; i < userVectors.Count; i++)
        {
            try
            {
                _ = VectorChecks.ValidateAndGetNorm(userVectors[i].Span, Dimension, nameof(userVectors));
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"User vector {i} is invalid: {e.Message}", nameof(userVectors), e);
            }
        }
    }

    private static void RunParallel(int count, Action<int> body, CancellationToken cancellationToken, int maxDegreeOfParallelism = -1)
    {
        var parallelOptions = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism };
        try
        {
            Parallel.For(0, count, parallelOptions, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // Surface the caller's own exception (for example from a filter) rather than a wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
