using Orleans;

namespace Persona4Rec.Cluster;

/// <summary>A top-k search of one shard.</summary>
/// <param name="Version">The index version the answer must come from.</param>
/// <param name="UserVector">The user vector (normalised by the shard exactly as by a single index).</param>
/// <param name="K">How many items to return, at least 0.</param>
/// <param name="ExcludeItemIds">Items never to return; only those the shard owns matter.</param>
/// <param name="ExactRescoreCount">As <see cref="SearchOptions.ExactRescoreCount"/>, applied per shard.</param>
[GenerateSerializer]
[Alias("p4r.ShardSearchRequest")]
[Immutable]
public sealed record ShardSearchRequest(
    [property: Id(0)] long Version,
    [property: Id(1)] float[] UserVector,
    [property: Id(2)] int K,
    [property: Id(3)] string[] ExcludeItemIds,
    [property: Id(4)] int ExactRescoreCount);

/// <summary>Candidate scoring (rerank) on one shard: only candidates the shard owns are sent.</summary>
/// <param name="Version">The index version the answer must come from.</param>
/// <param name="UserVector">The user vector.</param>
/// <param name="CandidateItemIds">The candidates this shard owns.</param>
[GenerateSerializer]
[Alias("p4r.ShardScoreRequest")]
[Immutable]
public sealed record ShardScoreRequest(
    [property: Id(0)] long Version,
    [property: Id(1)] float[] UserVector,
    [property: Id(2)] string[] CandidateItemIds);

/// <summary>A shard's answer.</summary>
/// <param name="Version">The version that answered; always the requested one.</param>
/// <param name="Shard">The shard number.</param>
/// <param name="Items">For a search, the shard's local top-k, best first (score descending, then item id ordinal); for scoring, one entry per known candidate, in request order.</param>
/// <param name="UnknownItemIds">For scoring, the candidates the shard does not hold.</param>
[GenerateSerializer]
[Alias("p4r.ShardResponse")]
[Immutable]
public sealed record ShardResponse(
    [property: Id(0)] long Version,
    [property: Id(1)] int Shard,
    [property: Id(2)] ScoredItem[] Items,
    [property: Id(3)] string[] UnknownItemIds);

/// <summary>What a loaded shard holds.</summary>
/// <param name="Version">The index version.</param>
/// <param name="Shard">The shard number.</param>
/// <param name="ItemCount">Items in the shard.</param>
/// <param name="PersonaCount">Personas in the shard.</param>
/// <param name="VectorMemoryBytes">Bytes of persona vectors (mapped or loaded).</param>
/// <param name="IsMemoryMapped">Whether the vectors are memory-mapped.</param>
/// <param name="Silo">The silo that hosts the shard, for diagnostics.</param>
[GenerateSerializer]
[Alias("p4r.ShardInfo")]
[Immutable]
public sealed record PersonaShardInfo(
    [property: Id(0)] long Version,
    [property: Id(1)] int Shard,
    [property: Id(2)] int ItemCount,
    [property: Id(3)] int PersonaCount,
    [property: Id(4)] long VectorMemoryBytes,
    [property: Id(5)] bool IsMemoryMapped,
    [property: Id(6)] string Silo);

/// <summary>An index version that the cluster serves or has served.</summary>
/// <param name="Version">The version number.</param>
/// <param name="ManifestPath">The manifest the shards load from (a path every silo can read).</param>
/// <param name="ShardCount">The number of shards.</param>
/// <param name="Dimension">The vector dimension.</param>
/// <param name="ItemCount">The items over all shards.</param>
/// <param name="EncoderModelId">The encoder the vectors came from.</param>
/// <param name="TemplateId">The persona text template.</param>
[GenerateSerializer]
[Alias("p4r.IndexVersionInfo")]
[Immutable]
public sealed record PersonaIndexVersionInfo(
    [property: Id(0)] long Version,
    [property: Id(1)] string ManifestPath,
    [property: Id(2)] int ShardCount,
    [property: Id(3)] int Dimension,
    [property: Id(4)] int ItemCount,
    [property: Id(5)] string EncoderModelId,
    [property: Id(6)] string TemplateId);
