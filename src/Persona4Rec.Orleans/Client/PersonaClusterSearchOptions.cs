namespace Persona4Rec.Cluster;

/// <summary>Restricts a search of the sharded index (the serialisable part of <see cref="SearchOptions"/>).</summary>
public sealed class PersonaClusterSearchOptions
{
    /// <summary>Gets the version to read, or <see langword="null"/> for the current version.</summary>
    public long? Version { get; init; }

    /// <summary>Gets the items never to return; each shard receives only the ids it owns.</summary>
    public IReadOnlyCollection<string>? ExcludeItemIds { get; init; }

    /// <summary>
    /// Gets the shortlist size for exact rescoring on quantised shards (see
    /// <see cref="SearchOptions.ExactRescoreCount"/>). It applies per shard, so the distributed
    /// shortlist is at least as large as the single-index one.
    /// </summary>
    public int ExactRescoreCount { get; init; }
}
