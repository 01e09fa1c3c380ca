namespace Persona4Rec.Cluster;

/// <summary>An answer of the sharded index, all from one version.</summary>
/// <param name="Version">The index version every shard answered from.</param>
/// <param name="Items">The scored items with their matched personas: for a search, best first; for scoring, in candidate order.</param>
public sealed record PersonaClusterResult(long Version, IReadOnlyList<ScoredItem> Items);
