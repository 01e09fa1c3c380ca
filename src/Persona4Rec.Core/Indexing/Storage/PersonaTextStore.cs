using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// The persona texts of a loaded index, kept as the file's UTF-8 MessagePack bytes and decoded
/// into <see cref="Persona"/> records on first use. A catalogue of 700,000 personas then loads
/// without allocating millions of strings up front, and holds its texts in about half the memory
/// (UTF-8 rather than UTF-16). The records were validated by <see cref="IndexFileReader"/>.
/// </summary>
internal sealed class PersonaTextStore
{
    private readonly byte[] _metadata;
    private readonly int[] _recordOffsets;

    public PersonaTextStore(byte[] metadata, int[] recordOffsets)
    {
        _metadata = metadata;
        _recordOffsets = recordOffsets;
    }

    public Persona Decode(int personaOrdinal, string itemId)
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
}
