namespace Persona4Rec.Cluster;

/// <summary>Client-side settings of <see cref="PersonaClusterIndex"/>.</summary>
public sealed class PersonaClusterOptions
{
    /// <summary>Gets or sets the index name: the coordinator's key. Default <c>default</c>; must not contain '/'.</summary>
    public string IndexName { get; set; } = "default";

    /// <summary>
    /// Gets or sets the deadline of one request, retries included. A request whose shards do not all
    /// answer in time (a silo died and its shards are not yet reactivated elsewhere) fails with
    /// <see cref="PersonaClusterTimeoutException"/>. Default 10 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the pause between retries after a transient Orleans error. Default 100 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Gets or sets how long the current version is cached before it is asked again. A request that
    /// reaches a retired version refreshes it at once and retries, so this bounds only how long a
    /// client keeps reading the previous version when it was not retired. Default 1 second.
    /// </summary>
    public TimeSpan VersionRefreshInterval { get; set; } = TimeSpan.FromSeconds(1);
}
