namespace Persona4Rec.Cluster;

/// <summary>Silo-side settings of the sharded index.</summary>
public sealed class PersonaShardHostOptions
{
    /// <summary>
    /// Gets or sets the folder where coordinators keep their deployment state
    /// (<c>{index}.deployment.json</c>). Every silo must see the same folder (a shared volume), as
    /// it must see the shard files. Required.
    /// </summary>
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets whether shards memory-map their files (<see cref="PersonaIndex.OpenMapped"/>)
    /// instead of reading them into memory. Default <see langword="true"/>: a shard opens in
    /// milliseconds and processes on one machine share the page cache.
    /// </summary>
    public bool MemoryMap { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a shard hashes its whole file and compares it with the manifest's
    /// checksum before serving. Default <see langword="true"/>; costs one read of the file
    /// (about 1 s per GB here).
    /// </summary>
    public bool VerifyChecksums { get; set; } = true;
}
