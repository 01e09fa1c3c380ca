using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// The texts of a version 1–3 file: persona records kept as the metadata's UTF-8 MessagePack bytes
/// (validated by <see cref="IndexFileReader"/> at load) and decoded on first use; summaries decoded at load.
/// </summary>
internal sealed class MetadataTextStore : PersonaTextStore
{
    private readonly byte[] _metadata;
    private readonly int[] _recordOffsets;
    private readonly string?[] _summaries;

    public MetadataTextStore(byte[] metadata, int[] recordOffsets, string?[] summaries)
    {
        _metadata = metadata;
        _recordOffsets = recordOffsets;
        _summaries = summaries;
    }

    /// <inheritdoc/>
    public override Persona Decode(int personaOrdinal, string itemId)
    {
        var reader = new MessagePackReader(_metadata.AsMemory(_recordOffsets[personaOrdinal]));
        _ = reader.ReadArrayHeader();
        string personaId = reader.ReadString()!;
        string name = reader.ReadString()!;
        string description = reader.ReadString()!;
        string rationale = reader.ReadString()!;
        var reviewIds = new string[reader.ReadArrayHeader()];
        for (int i = 0; i < reviewIds.Length; i++)
        {
            reviewIds[i] = reader.ReadString()!;
        }

        return new Persona(personaId, itemId, name, description, rationale, reviewIds);
    }

    /// <inheritdoc/>
    public override string? Summary(int item) => _summaries[item];
}
