using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;

namespace Persona4Rec.Cluster;

/// <summary>The coordinator of one sharded index; see <see cref="IPersonaIndexCoordinatorGrain"/>.</summary>
internal sealed partial class PersonaIndexCoordinatorGrain(IOptions<PersonaShardHostOptions> options, ILogger<PersonaIndexCoordinatorGrain> logger)
    : Grain, IPersonaIndexCoordinatorGrain
{
    private DeploymentState _state = DeploymentState.Empty;
    private string _statePath = string.Empty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        string indexName = this.GetPrimaryKeyString();
        PersonaShardKey.ValidateIndexName(indexName);
        Directory.CreateDirectory(options.Value.StateDirectory);
        _statePath = Path.Combine(options.Value.StateDirectory, indexName + ".deployment.json");
        _state = DeploymentState.Read(_statePath);
        return Task.CompletedTask;
    }

    public Task<PersonaIndexVersionInfo> GetCurrentAsync()
    {
        DeploymentState state = _state;
        return state.CurrentVersion is long current
            ? Task.FromResult(state.Find(current)!.Info)
            : throw new PersonaIndexVersionException($"Index '{this.GetPrimaryKeyString()}' has no version rolled out yet.");
    }

    public Task<PersonaIndexVersionInfo> GetVersionAsync(long version)
    {
        DeploymentState state = _state;
        DeployedVersion? found = state.Find(version);
        return found is { Status: not DeploymentStatus.Retired }
            ? Task.FromResult(found.Info)
            : throw new PersonaIndexVersionException(string.Create(
                CultureInfo.InvariantCulture,
                $"Index '{this.GetPrimaryKeyString()}' cannot serve version {version}: it is {(found is null ? "unknown" : "retired")}; the current version is {state.CurrentVersion?.ToString(CultureInfo.InvariantCulture) ?? "none"}."));
    }

    public async Task<PersonaIndexVersionInfo> RollOutAsync(string manifestPath, bool retirePrevious = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        string fullPath = Path.GetFullPath(manifestPath);
        PersonaShardManifest manifest = await Task.Run(() => PersonaShardManifest.Load(fullPath)).ConfigureAwait(true);
        long newest = _state.Versions.Count == 0 ? -1 : _state.Versions.Max(v => v.Info.Version);
        if (manifest.Version <= newest)
        {
            throw new PersonaIndexVersionException(string.Create(
                CultureInfo.InvariantCulture,
                $"Index '{this.GetPrimaryKeyString()}': the manifest '{fullPath}' holds version {manifest.Version}, but version {newest} is already known; roll out a newer version."));
        }

        var info = new PersonaIndexVersionInfo(
            manifest.Version, fullPath, manifest.ShardCount, manifest.Dimension, manifest.ItemCount, manifest.EncoderModelId, manifest.TemplateId);
        SetState(_state.With(info, DeploymentStatus.Loading, _state.CurrentVersion));
        LogLoading(logger, this.GetPrimaryKeyString(), info.Version, info.ShardCount);
        try
        {
            await Task.WhenAll(Shards(info).Select(s => s.LoadAsync())).ConfigureAwait(true);
        }
        catch (Exception e)
        {
            // The new version never became current: retire it so that nothing can read it.
            LogLoadFailed(logger, e, this.GetPrimaryKeyString(), info.Version);
            SetState(_state.With(info, DeploymentStatus.Retired, _state.CurrentVersion));
            await UnloadAsync(info).ConfigureAwait(true);
            throw;
        }

        long? previous = _state.CurrentVersion;
        SetState(_state.With(info, DeploymentStatus.Serving, info.Version));
        LogServing(logger, this.GetPrimaryKeyString(), info.Version);
        if (retirePrevious && previous is long old)
        {
            await RetireAsync(old).ConfigureAwait(true);
        }

        return info;
    }

    public async Task RetireAsync(long version)
    {
        DeployedVersion? found = _state.Find(version);
        if (found is null || _state.CurrentVersion == version)
        {
            throw new PersonaIndexVersionException(string.Create(
                CultureInfo.InvariantCulture, $"Index '{this.GetPrimaryKeyString()}': version {version} is {(found is null ? "unknown" : "current")} and cannot be retired."));
        }

        SetState(_state.With(found.Info, DeploymentStatus.Retired, _state.CurrentVersion));
        await UnloadAsync(found.Info).ConfigureAwait(true);
    }

    private void SetState(DeploymentState state)
    {
        state.Write(_statePath);
        _state = state;
    }

    private IEnumerable<IPersonaShardGrain> Shards(PersonaIndexVersionInfo info) =>
        Enumerable.Range(0, info.ShardCount).Select(s => GrainFactory.GetGrain<IPersonaShardGrain>(PersonaShardKey.Format(this.GetPrimaryKeyString(), info.Version, s)));

    /// <summary>Best effort: a shard that cannot be told now refuses on its next call, since the version is retired.</summary>
    private async Task UnloadAsync(PersonaIndexVersionInfo info)
    {
        try
        {
            await Task.WhenAll(Shards(info).Select(s => s.UnloadAsync())).ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogUnloadFailed(logger, e, this.GetPrimaryKeyString(), info.Version);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Index {IndexName}: loading version {Version} on {ShardCount} shards")]
    private static partial void LogLoading(ILogger logger, string indexName, long version, int shardCount);

    [LoggerMessage(2, LogLevel.Information, "Index {IndexName}: version {Version} is current")]
    private static partial void LogServing(ILogger logger, string indexName, long version);

    [LoggerMessage(3, LogLevel.Error, "Index {IndexName}: loading version {Version} failed; the current version is unchanged")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception, string indexName, long version);

    [LoggerMessage(4, LogLevel.Warning, "Index {IndexName}: some shards of retired version {Version} could not be unloaded now")]
    private static partial void LogUnloadFailed(ILogger logger, Exception exception, string indexName, long version);
}
