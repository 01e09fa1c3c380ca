using Persona4Rec.Internal;

namespace Persona4Rec;

/// <content>Candidate scoring: the rerank path.</content>
public sealed partial class PersonaIndex
{
    /// <inheritdoc/>
    public ScoredItem[] Score(ReadOnlySpan<float> userVector, IReadOnlyList<string> candidateItemIds)
    {
        ArgumentNullException.ThrowIfNull(candidateItemIds);
        int count = candidateItemIds.Count;
        using var ordinals = new PooledBuffer<int>(count, stackalloc int[Math.Min(count, 256)]);
        using var query = new PooledBuffer<float>(Dimension, stackalloc float[Math.Min(Dimension, StackallocFloatLimit)]);
        NormalizeQuery(userVector, query.Span, nameof(userVector));
        ResolveOrdinals(candidateItemIds, ordinals.Span, nameof(candidateItemIds));

        Span<PersonaMatch> matches = count <= 256 ? stackalloc PersonaMatch[count] : new PersonaMatch[count];
        ScoreOrdinalsCore(query.Span, ordinals.Span, matches);

        var results = new ScoredItem[count];
        for (int i = 0; i < results.Length; i++)
        {
            PersonaMatch match = matches[i];
            results[i] = new ScoredItem(_itemIds[match.ItemOrdinal], match.Score, PersonaAt(match.PersonaOrdinal, match.ItemOrdinal));
        }

        return results;
    }

    /// <summary>
    /// Scores candidates given by dense ordinal into a caller-supplied buffer, without allocating:
    /// the path for hosts that resolve item ids once with <see cref="TryGetItemOrdinal"/>.
    /// </summary>
    /// <param name="userVector">The user vector, of length <see cref="Dimension"/>.</param>
    /// <param name="itemOrdinals">The candidates' ordinals.</param>
    /// <param name="destination">Receives one match per candidate, in candidate order; at least as long as <paramref name="itemOrdinals"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="userVector"/> is invalid, or <paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An ordinal is outside [0, <see cref="ItemCount"/>).</exception>
    public void ScoreOrdinals(ReadOnlySpan<float> userVector, ReadOnlySpan<int> itemOrdinals, Span<PersonaMatch> destination)
    {
        if (destination.Length < itemOrdinals.Length)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} entries but {itemOrdinals.Length} candidates were given.",
                nameof(destination));
        }

        foreach (int ordinal in itemOrdinals)
        {
            if ((uint)ordinal >= (uint)_itemIds.Length)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(itemOrdinals), ordinal, $"Item ordinals must be in [0, {_itemIds.Length}).");
            }
        }

        using var query = new PooledBuffer<float>(Dimension, stackalloc float[Math.Min(Dimension, StackallocFloatLimit)]);
        NormalizeQuery(userVector, query.Span, nameof(userVector));
        ScoreOrdinalsCore(query.Span, itemOrdinals, destination);
    }

    /// <summary>
    /// Writes a user vector as this index scores it: checked (dimension, finite values, non-zero
    /// length), normalised to unit length, and passed through the <see cref="Alignment"/> layer when
    /// the index has one. For hosts that put another search structure (an approximate-neighbour
    /// graph, a shard on another machine) in front of the index and must query it in the same space.
    /// </summary>
    /// <param name="userVector">The user vector, of length <see cref="Dimension"/>.</param>
    /// <param name="destination">Receives the prepared query; at least <see cref="Dimension"/> long.</param>
    /// <exception cref="ArgumentException"><paramref name="userVector"/> is invalid, or <paramref name="destination"/> is too short.</exception>
    public void PrepareQuery(ReadOnlySpan<float> userVector, Span<float> destination)
    {
        if (destination.Length < Dimension)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} values but the index dimension is {Dimension}.", nameof(destination));
        }

        NormalizeQuery(userVector, destination[..Dimension], nameof(userVector));
    }

    /// <summary>Scores already validated ordinals with an already normalised query.</summary>
    private void ScoreOrdinalsCore(ReadOnlySpan<float> query, ReadOnlySpan<int> itemOrdinals, Span<PersonaMatch> destination)
    {
        Span<short> int8Query = stackalloc short[_encoded is { Encoding: VectorEncoding.Int8 } && _vectors is null ? Math.Min(Dimension, StackallocFloatLimit) : 0];
        using var scorer = new RowScorer(this, query, int8Query, preferExact: true);
        ScoreItems(scorer, itemOrdinals, destination);
    }

    /// <summary>Maps item ids to ordinals, or throws one <see cref="UnknownItemException"/> naming every unknown id.</summary>
    private void ResolveOrdinals(IReadOnlyList<string> itemIds, Span<int> ordinals, string paramName)
    {
        List<string>? unknown = null;
        for (int i = 0; i < ordinals.Length; i++)
        {
            string? id = itemIds[i];
            if (id is null || !_ordinals.TryGetValue(id, out ordinals[i]))
            {
                (unknown ??= []).Add(id ?? "<null>");
            }
        }

        if (unknown is not null)
        {
            throw new UnknownItemException(unknown, paramName);
        }
    }
}
