using System.Diagnostics;
using System.Collections.Concurrent;
using System.Globalization;
using Orleans;
using Orleans.Runtime;

namespace Persona4Rec.Cluster;

/// <summary>
/// The client of a sharded persona index: scatter-gather search and candidate scoring over the
/// shard grains of one version, with the results and explanations a single
/// <see cref="PersonaIndex"/> would return on the same data. Every request reads exactly one
/// version (the current one, or the one asked for); a shard that does not hold it refuses, so an
/// answer never mixes versions.
/// </summary>
/// <remarks>
/// Thread-safe; create one per client (or silo) and share it. Transient Orleans errors (a silo that
/// died, a call that timed out) are retried until <see cref="PersonaClusterOptions.RequestTimeout"/>,
/// then the request fails with <see cref="PersonaClusterTimeoutException"/>.
/// </remarks>
public sealed class PersonaClusterIndex
{
    private readonly IGrainFactory _grains;
    private readonly PersonaClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, PersonaIndexVersionInfo> _versions = new();
    private volatile CachedVersion? _current;

    /// <summary>Initializes a client over a cluster.</summary>
    /// <param name="grainFactory">The cluster client, or a silo's grain factory.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for deadlines and caching, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="grainFactory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The index name is empty or contains '/'.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A timeout or interval is negative or zero.</exception>
    public PersonaClusterIndex(IGrainFactory grainFactory, PersonaClusterOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(grainFactory);
        _options = options ?? new PersonaClusterOptions();
        PersonaShardKey.ValidateIndexName(_options.IndexName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_options.RequestTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.RetryDelay, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.VersionRefreshInterval, TimeSpan.Zero, nameof(options));
        _grains = grainFactory;
        _time = timeProvider ?? TimeProvider.System;
        Coordinator = grainFactory.GetGrain<IPersonaIndexCoordinatorGrain>(_options.IndexName);
    }

    /// <summary>Gets the coordinator of this index, for operations (roll-out, retirement).</summary>
    public IPersonaIndexCoordinatorGrain Coordinator { get; }

    /// <summary>Gets the current version, asking the coordinator.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The current version.</returns>
    /// <exception cref="PersonaIndexVersionException">No version has been rolled out.</exception>
    public Task<PersonaIndexVersionInfo> GetCurrentVersionAsync(CancellationToken cancellationToken = default) =>
        ResolveVersionAsync(null, refresh: true).WaitAsync(cancellationToken);

    /// <summary>Rolls a version out (see <see cref="IPersonaIndexCoordinatorGrain.RollOutAsync"/>) and makes this client read it at once.</summary>
    /// <param name="manifestPath">The new version's manifest, on storage every silo can read.</param>
    /// <param name="cancellationToken">Cancels the wait (the roll-out itself continues).</param>
    /// <returns>The new current version.</returns>
    /// <exception cref="PersonaIndexVersionException">The version is not newer than every known version.</exception>
    /// <exception cref="PersonaShardManifestException">The manifest or a shard file is invalid; the current version is unchanged.</exception>
    public async Task<PersonaIndexVersionInfo> RollOutAsync(string manifestPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        PersonaIndexVersionInfo info = await Coordinator.RollOutAsync(Path.GetFullPath(manifestPath)).WaitAsync(cancellationToken).ConfigureAwait(false);
        _versions[info.Version] = info;
        _current = new CachedVersion(info, _time.GetTimestamp());
        return info;
    }

    /// <summary>
    /// Finds the best <paramref name="k"/> items for a user over all shards: each shard returns its
    /// local top-k, and the merge keeps the global top-k, ordered by score and then item id as
    /// <see cref="PersonaIndex.Search(ReadOnlySpan{float}, int, SearchOptions?)"/> orders them.
    /// </summary>
    /// <param name="userVector">The user vector, of the index's dimension.</param>
    /// <param name="k">How many items to return.</param>
    /// <param name="options">The version, exclusions and rescoring, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The version that answered and the items, best first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    /// <exception cref="ArgumentException">The vector's length is not the version's dimension, or the vector is invalid.</exception>
    /// <exception cref="PersonaIndexVersionException">The asked version is unknown or retired, or no version is rolled out.</exception>
    /// <exception cref="PersonaClusterTimeoutException">The shards did not all answer within <see cref="PersonaClusterOptions.RequestTimeout"/>.</exception>
    public Task<PersonaClusterResult> SearchAsync(ReadOnlyMemory<float> userVector, int k, PersonaClusterSearchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        float[] vector = userVector.ToArray();
        return RunAsync(options?.Version, vector, "search", (info, token) => SearchOnceAsync(info, vector, k, options, token), cancellationToken);
    }

    /// <summary>
    /// Scores candidates (the rerank path): each candidate goes only to the shard that owns it, and
    /// the results come back in candidate order.
    /// </summary>
    /// <param name="userVector">The user vector, of the index's dimension.</param>
    /// <param name="candidateItemIds">The candidates.</param>
    /// <param name="version">The version to read, or <see langword="null"/> for the current one.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The version that answered and one scored item per candidate, in candidate order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="candidateItemIds"/> or one of its ids is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The vector's length is not the version's dimension, or the vector is invalid.</exception>
    /// <exception cref="UnknownItemException">Some candidates are not in the index; the exception names them all.</exception>
    /// <exception cref="PersonaIndexVersionException">The asked version is unknown or retired, or no version is rolled out.</exception>
    /// <exception cref="PersonaClusterTimeoutException">The shards did not all answer within <see cref="PersonaClusterOptions.RequestTimeout"/>.</exception>
    public Task<PersonaClusterResult> ScoreAsync(ReadOnlyMemory<float> userVector, IReadOnlyList<string> candidateItemIds, long? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidateItemIds);
        string[] candidates = [.. candidateItemIds];
        foreach (string id in candidates)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(candidateItemIds));
        }

        float[] vector = userVector.ToArray();
        return RunAsync(version, vector, "score", (info, token) => ScoreOnceAsync(info, vector, candidates, token), cancellationToken);
    }

    private async Task<PersonaClusterResult> SearchOnceAsync(PersonaIndexVersionInfo info, float[] vector, int k, PersonaClusterSearchOptions? options, CancellationToken cancellationToken)
    {
        if (k == 0)
        {
            return new PersonaClusterResult(info.Version, []);
        }

        string[][] exclusions = GroupByShard(options?.ExcludeItemIds ?? [], info.ShardCount, out _);
        var calls = new Task<ShardResponse>[info.ShardCount];
        for (int s = 0; s < calls.Length; s++)
        {
            calls[s] = Shard(info, s).SearchAsync(new ShardSearchRequest(info.Version, vector, k, exclusions[s], options?.ExactRescoreCount ?? 0), cancellationToken);
        }

        ShardResponse[] responses = await Task.WhenAll(calls).ConfigureAwait(false);
        CheckVersions(responses, info.Version);
        return new PersonaClusterResult(info.Version, ShardResultMerge.TopK(responses.Select(r => r.Items), k));
    }

    private async Task<PersonaClusterResult> ScoreOnceAsync(PersonaIndexVersionInfo info, float[] vector, string[] candidates, CancellationToken cancellationToken)
    {
        string[][] byShard = GroupByShard(candidates, info.ShardCount, out int[][] positions);
        var shards = new List<int>();
        var calls = new List<Task<ShardResponse>>();
        for (int s = 0; s < byShard.Length; s++)
        {
            if (byShard[s].Length > 0)
            {
                shards.Add(s);
                calls.Add(Shard(info, s).ScoreAsync(new ShardScoreRequest(info.Version, vector, byShard[s]), cancellationToken));
            }
        }

        ShardResponse[] responses = await Task.WhenAll(calls).ConfigureAwait(false);
        CheckVersions(responses, info.Version);
        string[] unknown = [.. responses.SelectMany(r => r.UnknownItemIds)];
        if (unknown.Length > 0)
        {
            throw new UnknownItemException(unknown);
        }

        var results = new ScoredItem[candidates.Length];
        for (int i = 0; i < responses.Length; i++)
        {
            int[] where = positions[shards[i]];
            for (int j = 0; j < where.Length; j++)
            {
                results[where[j]] = responses[i].Items[j];
            }
        }

        return new PersonaClusterResult(info.Version, results);
    }

    /// <summary>Runs one request against one version, retrying transient errors until the deadline.</summary>
    private async Task<PersonaClusterResult> RunAsync(
        long? pinnedVersion, float[] vector, string operation, Func<PersonaIndexVersionInfo, CancellationToken, Task<PersonaClusterResult>> once, CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        using Activity? activity = ClusterTelemetry.ActivitySource.StartActivity(operation == "search" ? ClusterTelemetry.SearchActivity : ClusterTelemetry.ScoreActivity);
        activity?.SetTag("persona4rec.index", _options.IndexName);
        try
        {
            PersonaClusterResult result = await RunCoreAsync(pinnedVersion, vector, operation, once, start, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("persona4rec.version", result.Version);
            ClusterTelemetry.Record(operation, "ok", _time.GetElapsedTime(start));
            return result;
        }
        catch (Exception e)
        {
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            ClusterTelemetry.Record(operation, e is OperationCanceledException ? "cancelled" : e.GetType().Name, _time.GetElapsedTime(start));
            throw;
        }
    }

    private async Task<PersonaClusterResult> RunCoreAsync(
        long? pinnedVersion, float[] vector, string operation, Func<PersonaIndexVersionInfo, CancellationToken, Task<PersonaClusterResult>> once, long start, CancellationToken cancellationToken)
    {
        Exception? last = null;
        PersonaIndexVersionInfo? info = null;
        bool refresh = false, refreshedForVersion = false;
        while (true)
        {
            TimeSpan remaining = _options.RequestTimeout - _time.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero)
            {
                throw new PersonaClusterTimeoutException(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"The {operation} on index '{_options.IndexName}' (version {info?.Version.ToString(CultureInfo.InvariantCulture) ?? "unresolved"}, {info?.ShardCount ?? 0} shards) did not complete within {_options.RequestTimeout.TotalSeconds:0.###} s; last error: {last?.GetType().Name ?? "none"}: {last?.Message}"),
                    last);
            }

            try
            {
                info = await ResolveVersionAsync(pinnedVersion, refresh).WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false);
                refresh = false;
                if (vector.Length != info.Dimension)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"The user vector has {vector.Length} values; version {info.Version} of index '{_options.IndexName}' has dimension {info.Dimension}."));
                }

                remaining = _options.RequestTimeout - _time.GetElapsedTime(start);
                remaining = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;

                // The shards see the caller's token and the deadline: when this client stops waiting, their queued work is dropped.
                using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                giveUp.CancelAfter(remaining);
                return await once(info, giveUp.Token).WaitAsync(remaining, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (PersonaIndexVersionException e) when (pinnedVersion is null && !refreshedForVersion)
            {
                // The cached current version was retired under this client: ask for the new one, once.
                last = e;
                refresh = refreshedForVersion = true;
            }
            catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
            {
                last = e;
                TimeSpan pause = _options.RequestTimeout - _time.GetElapsedTime(start);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause < _options.RetryDelay ? pause : _options.RetryDelay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Errors that a retry can cure: a dead silo, a rejected or timed-out message.</summary>
    private static bool IsTransient(Exception e) =>
        e is OrleansException or TimeoutException && e is not PersonaClusterTimeoutException;

    private async Task<PersonaIndexVersionInfo> ResolveVersionAsync(long? pinnedVersion, bool refresh)
    {
        if (pinnedVersion is long version)
        {
            if (!_versions.TryGetValue(version, out PersonaIndexVersionInfo? known))
            {
                known = await Coordinator.GetVersionAsync(version).ConfigureAwait(false);
                _versions[version] = known;
            }

            return known;
        }

        CachedVersion? cached = _current;
        if (!refresh && cached is not null && _time.GetElapsedTime(cached.FetchedAt) < _options.VersionRefreshInterval)
        {
            return cached.Info;
        }

        PersonaIndexVersionInfo current = await Coordinator.GetCurrentAsync().ConfigureAwait(false);
        _versions[current.Version] = current;
        _current = new CachedVersion(current, _time.GetTimestamp());
        return current;
    }

    private IPersonaShardGrain Shard(PersonaIndexVersionInfo info, int shard) =>
        _grains.GetGrain<IPersonaShardGrain>(PersonaShardKey.Format(_options.IndexName, info.Version, shard));

    private static string[][] GroupByShard(IEnumerable<string> itemIds, int shardCount, out int[][] positions)
    {
        var ids = new List<string>[shardCount];
        var where = new List<int>[shardCount];
        for (int s = 0; s < shardCount; s++)
        {
            ids[s] = [];
            where[s] = [];
        }

        int i = 0;
        foreach (string id in itemIds)
        {
            int shard = PersonaShardFunction.ShardOf(id, shardCount);
            ids[shard].Add(id);
            where[shard].Add(i++);
        }

        positions = [.. where.Select(w => w.ToArray())];
        return [.. ids.Select(list => list.ToArray())];
    }

    /// <summary>Defence in depth: shards refuse other versions, so this never fires unless a shard is wrong.</summary>
    private static void CheckVersions(ShardResponse[] responses, long version)
    {
        foreach (ShardResponse response in responses)
        {
            if (response.Version != version)
            {
                throw new PersonaIndexVersionException(string.Create(
                    CultureInfo.InvariantCulture, $"Shard {response.Shard} answered from version {response.Version}; the request asked for version {version}."));
            }
        }
    }

    private sealed record CachedVersion(PersonaIndexVersionInfo Info, long FetchedAt);
}
