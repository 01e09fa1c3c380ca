namespace Persona4Rec.Cluster;

/// <summary>One shard of a sharded index, as listed in its <see cref="PersonaShardManifest"/>.</summary>
/// <param name="Shard">The shard number, in [0, shard count).</param>
/// <param name="FileName">The shard's index file, relative to the manifest's folder; <see langword="null"/> when the shard owns no item.</param>
/// <param name="ItemCount">The items the shard owns.</param>
/// <param name="PersonaCount">The personas of those items.</param>
/// <param name="Length">The file's length in bytes (0 for an empty shard).</param>
/// <param name="Checksum">The XxHash64 of the whole file, 16 lowercase hex digits (empty for an empty shard).</param>
public sealed record PersonaShardFile(int Shard, string? FileName, int ItemCount, int PersonaCount, long Length, string Checksum);
