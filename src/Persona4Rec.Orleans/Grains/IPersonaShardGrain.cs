using Orleans;

namespace Persona4Rec.Cluster;

/// <summary>
/// One shard of one index version, keyed <c>{index}/{version}/{shard}</c> (see
/// <see cref="PersonaShardKey"/>). It loads its shard file (memory-mapped by default) on first use
/// and answers only for its own version. Orleans places it on any silo and reactivates it
/// elsewhere when its silo dies; it then loads the same file again from shared storage.
/// </summary>
/// <remarks>Calls may run concurrently: the shard is immutable once loaded.</remarks>
[Alias("p4r.IPersonaShardGrain")]
public interface IPersonaShardGrain : IGrainWithStringKey
{
    /// <summary>Loads the shard if it is not loaded yet.</summary>
    /// <returns>What the shard holds.</returns>
    [Alias("Load")]
    Task<PersonaShardInfo> LoadAsync();

    /// <summary>Returns the shard's local top-k.</summary>
    /// <param name="request">The search.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up (its timeout or its own token): a queued call is then dropped.</param>
    /// <returns>The local top-k with explanations.</returns>
    [Alias("Search")]
    Task<ShardResponse> SearchAsync(ShardSearchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Scores the given candidates, all owned by this shard.</summary>
    /// <param name="request">The candidates.</param>
    /// <param name="cancellationToken">Cancelled when the caller gives up (its timeout or its own token): a queued call is then dropped.</param>
    /// <returns>The scores, in request order, and the unknown candidates.</returns>
    [Alias("Score")]
    Task<ShardResponse> ScoreAsync(ShardScoreRequest request, CancellationToken cancellationToken = default);

    /// <summary>Marks the shard retired and deactivates it; later calls reactivate it and are refused if the version is retired.</summary>
    /// <returns>A task that completes when the shard is marked for deactivation.</returns>
    [Alias("Unload")]
    Task UnloadAsync();
}
