using Orleans;
using Orleans.Concurrency;

namespace Persona4Rec.Cluster;

/// <summary>
/// Knows which versions of one sharded index (the grain key is the index name) exist, which one
/// is current, and rolls new versions out: load every shard of v+1 beside v, flip the current
/// version, then retire v. Its state lives in a file in
/// <see cref="PersonaShardHostOptions.StateDirectory"/>, so it survives the death of its silo.
/// </summary>
/// <remarks>Lookups interleave with a roll-out in progress; roll-outs and retirements run one at a time.</remarks>
[Alias("p4r.IPersonaIndexCoordinatorGrain")]
public interface IPersonaIndexCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Gets the current version.</summary>
    /// <returns>The current version.</returns>
    /// <exception cref="PersonaIndexVersionException">No version has been rolled out.</exception>
    [AlwaysInterleave]
    [Alias("GetCurrent")]
    Task<PersonaIndexVersionInfo> GetCurrentAsync();

    /// <summary>Gets a version that is loading or serving.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The version's description.</returns>
    /// <exception cref="PersonaIndexVersionException">The version is unknown or retired.</exception>
    [AlwaysInterleave]
    [Alias("GetVersion")]
    Task<PersonaIndexVersionInfo> GetVersionAsync(long version);

    /// <summary>
    /// Rolls a new version out: loads all its shards (side by side with the current version, which
    /// keeps serving), makes it current, then retires the previous version if asked.
    /// </summary>
    /// <param name="manifestPath">The new version's manifest, on storage every silo can read.</param>
    /// <param name="retirePrevious">Whether to retire the previous version once the new one is current.</param>
    /// <returns>The new current version.</returns>
    /// <exception cref="PersonaIndexVersionException">The manifest's version is not newer than every known version.</exception>
    /// <exception cref="PersonaShardManifestException">The manifest or a shard file is invalid; the current version is unchanged.</exception>
    [Alias("RollOut")]
    Task<PersonaIndexVersionInfo> RollOutAsync(string manifestPath, bool retirePrevious = true);

    /// <summary>Retires a version that is not current: its shards unload and refuse further requests.</summary>
    /// <param name="version">The version.</param>
    /// <returns>A task that completes when the shards have been told to unload.</returns>
    /// <exception cref="PersonaIndexVersionException">The version is unknown or current.</exception>
    [Alias("Retire")]
    Task RetireAsync(long version);
}
