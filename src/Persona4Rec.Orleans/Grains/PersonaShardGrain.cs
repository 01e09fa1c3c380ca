using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Concurrency;

namespace Persona4Rec.Cluster;

/// <summary>One shard of one version; see <see cref="IPersonaShardGrain"/>.</summary>
/// <remarks>
/// Reentrant: searches run on the thread pool over the immutable index, so one shard serves
/// several queries at once. Never collected while idle: reloading a large shard is expensive.
/// </remarks>
[Reentrant]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed partial class PersonaShardGrain(IOptions<PersonaShardHostOptions> options, ILogger<PersonaShardGrain> logger)
    : Grain, IPersonaShardGrain
{
    private string _indexName = string.Empty;
    private long _version;
    private int _shard;
    private Task<LoadedShard>? _loading;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_indexName, _version, _shard) = PersonaShardKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<PersonaShardInfo> LoadAsync()
    {
        LoadedShard shard = await EnsureLoadedAsync().ConfigureAwait(true);
        return new PersonaShardInfo(
            _version, _shard, shard.Index?.ItemCount ?? 0, shard.Index?.PersonaCount ?? 0, shard.Index?.VectorMemoryBytes ?? 0, shard.Index?.IsMemoryMapped ?? false,
            RuntimeIdentity);
    }

    public async Task<ShardResponse> SearchAsync(ShardSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        CheckVersion(request.Version);
        PersonaIndex? index = (await EnsureLoadedAsync().ConfigureAwait(true)).Index;
        if (index is null || request.K == 0)
        {
            return new ShardResponse(_version, _shard, [], []);
        }

        var searchOptions = new SearchOptions
        {
            ExcludeItemIds = request.ExcludeItemIds is { Length: > 0 } excluded ? new HashSet<string>(excluded, StringComparer.Ordinal) : null,
            ExactRescoreCount = request.ExactRescoreCount,
        };
        ScoredItem[] items = await Task.Run(() => index.Search(request.UserVector, request.K, searchOptions)).ConfigureAwait(true);
        return new ShardResponse(_version, _shard, items, []);
    }

    public async Task<ShardResponse> ScoreAsync(ShardScoreRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        CheckVersion(request.Version);
        PersonaIndex? index = (await EnsureLoadedAsync().ConfigureAwait(true)).Index;
        string[] unknown = index is null ? request.CandidateItemIds : [.. request.CandidateItemIds.Where(id => !index.ContainsItem(id))];
        if (index is null || unknown.Length > 0)
        {
            return new ShardResponse(_version, _shard, [], unknown);
        }

        // A rerank scores a handful of items: cheaper inline than a hop to the thread pool.
        return new ShardResponse(_version, _shard, index.Score(request.UserVector, request.CandidateItemIds), []);
    }

    public Task UnloadAsync()
    {
        LogUnloading(logger, _indexName, _version, _shard);
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private void CheckVersion(long version)
    {
        if (version != _version)
        {
            throw new PersonaIndexVersionException(string.Create(
                CultureInfo.InvariantCulture, $"Shard {_shard} of index '{_indexName}' holds version {_version}; the request asked for version {version}."));
        }
    }

    private Task<LoadedShard> EnsureLoadedAsync()
    {
        Task<LoadedShard> loading = _loading ??= LoadCoreAsync();
        if (loading.IsFaulted)
        {
            // Let a later call try again (the coordinator may have the version back, a file may reappear).
            _loading = null;
            DeactivateOnIdle();
        }

        return loading;
    }

    private async Task<LoadedShard> LoadCoreAsync()
    {
        try
        {
            // The coordinator refuses unknown and retired versions: a retired shard never comes back.
            var coordinator = GrainFactory.GetGrain<IPersonaIndexCoordinatorGrain>(_indexName);
            PersonaIndexVersionInfo info = await coordinator.GetVersionAsync(_version).ConfigureAwait(true);
            PersonaShardHostOptions settings = options.Value;
            PersonaIndex? index = await Task.Run(() =>
            {
                PersonaShardManifest manifest = PersonaShardManifest.Load(info.ManifestPath);
                if (manifest.Version != _version || manifest.ShardCount != info.ShardCount)
                {
                    throw new PersonaShardManifestException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"The manifest '{info.ManifestPath}' now holds version {manifest.Version} with {manifest.ShardCount} shards; version {_version} was rolled out with {info.ShardCount} shards."));
                }

                if (_shard >= manifest.ShardCount)
                {
                    throw new PersonaShardManifestException(string.Create(
                        CultureInfo.InvariantCulture, $"Version {_version} has {manifest.ShardCount} shards; there is no shard {_shard}."));
                }

                return PersonaIndexSharding.OpenShard(info.ManifestPath, manifest, _shard, settings.MemoryMap, settings.VerifyChecksums);
            }).ConfigureAwait(true);
            LogLoaded(logger, _indexName, _version, _shard, index?.ItemCount ?? 0, RuntimeIdentity);
            return new LoadedShard(index);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _loading = null;
            DeactivateOnIdle();
            throw;
        }
    }

    private sealed record LoadedShard(PersonaIndex? Index);

    [LoggerMessage(10, LogLevel.Information, "Index {IndexName}: shard {Shard} of version {Version} loaded ({ItemCount} items) on {Silo}")]
    private static partial void LogLoaded(ILogger logger, string indexName, long version, int shard, int itemCount, string silo);

    [LoggerMessage(11, LogLevel.Information, "Index {IndexName}: shard {Shard} of version {Version} unloading")]
    private static partial void LogUnloading(ILogger logger, string indexName, long version, int shard);
}
