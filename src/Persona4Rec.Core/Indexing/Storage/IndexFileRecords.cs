using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <summary>The MessagePack header of an index file; see docs/index-format.md.</summary>
[MessagePackObject]
internal sealed class IndexFileHeader
{
    [Key(0)] public int Dimension { get; set; }

    [Key(1)] public int ItemCount { get; set; }

    [Key(2)] public int PersonaCount { get; set; }

    [Key(3)] public string? EncoderModelId { get; set; }

    [Key(4)] public string? TemplateId { get; set; }

    [Key(5)] public long MetadataOffset { get; set; }

    [Key(6)] public long MetadataLength { get; set; }

    [Key(7)] public ulong MetadataChecksum { get; set; }

    [Key(8)] public long VectorOffset { get; set; }

    [Key(9)] public long VectorLength { get; set; }

    [Key(10)] public ulong VectorChecksum { get; set; }

    /// <summary>Version 2: the rank of the alignment layer in the metadata, 0 when there is none.</summary>
    [Key(11)] public int AlignmentRank { get; set; }

    /// <summary>Version 3: how the vector section is encoded (<see cref="Persona4Rec.VectorEncoding"/>), 0 = float32.</summary>
    [Key(12)] public int VectorEncoding { get; set; }

    /// <summary>Version 3: where the optional float32 copy of a quantised index starts, 0 when there is none.</summary>
    [Key(13)] public long ExactVectorOffset { get; set; }

    /// <summary>Version 3: the length of the float32 copy, 0 when there is none.</summary>
    [Key(14)] public long ExactVectorLength { get; set; }

    /// <summary>Version 3: XxHash3-64 of the float32 copy, 0 when there is none.</summary>
    [Key(15)] public ulong ExactVectorChecksum { get; set; }

    /// <summary>Version 4: where the persona text section starts (right after the metadata, 64-byte aligned), 0 before version 4.</summary>
    [Key(16)] public long TextOffset { get; set; }

    /// <summary>Version 4: the length of the persona text section, 0 before version 4.</summary>
    [Key(17)] public long TextLength { get; set; }
}

/// <summary>The MessagePack metadata section: items and persona texts, in ordinal order.</summary>
[MessagePackObject]
internal sealed class IndexFileMetadata
{
    [Key(0)] public string?[]? ItemIds { get; set; }

    [Key(1)] public string?[]? ItemSummaries { get; set; }

    [Key(2)] public int[]? PersonaCounts { get; set; }

    [Key(3)] public IndexFilePersona?[]? Personas { get; set; }

    /// <summary>Version 2: the alignment layer, or nil.</summary>
    [Key(4)] public IndexFileAlignment? Alignment { get; set; }
}

/// <summary>
/// The version 4 metadata section: only what opening needs (item ids, persona counts, the text
/// section's block checksums, the alignment layer); the texts live in the text section.
/// </summary>
[MessagePackObject]
internal sealed class IndexFileMetadataV4
{
    [Key(0)] public string?[]? ItemIds { get; set; }

    [Key(1)] public int[]? PersonaCounts { get; set; }

    /// <summary>One little-endian XxHash3-64 per block of <see cref="PersonaTextSection.BlockRecords"/> text records.</summary>
    [Key(2)] public byte[]? TextBlockChecksums { get; set; }

    [Key(3)] public IndexFileAlignment? Alignment { get; set; }
}

/// <summary>The alignment layer's two rank × dimension matrices, as little-endian float32 bytes.</summary>
[MessagePackObject]
internal sealed class IndexFileAlignment
{
    [Key(0)] public byte[]? Up { get; set; }

    [Key(1)] public byte[]? Down { get; set; }
}

/// <summary>One persona's texts; its item is implied by its position.</summary>
[MessagePackObject]
internal sealed class IndexFilePersona
{
    [Key(0)] public string? PersonaId { get; set; }

    [Key(1)] public string? Name { get; set; }

    [Key(2)] public string? Description { get; set; }

    [Key(3)] public string? PreferenceRationale { get; set; }

    [Key(4)] public string?[]? ReviewIds { get; set; }
}
