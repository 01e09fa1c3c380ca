using System.Buffers;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text;
using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <content>
/// The metadata walk: a fixed-shape MessagePack structure read field by field, every count checked
/// against the header and the limits before use. Item ids and summaries are decoded; persona texts
/// are only validated and located, then decoded on first use by <see cref="PersonaTextStore"/>.
/// </content>
internal static partial class IndexFileReader
{
    private const int PersonaFieldCount = 5;

    /// <summary>Persona ids of one item are compared pairwise up to this count, through a set above it.</summary>
    private const int PairwiseIdCheckLimit = 16;

    private sealed record ParsedMetadata(
        byte[] Bytes,
        string[] ItemIds,
        string?[]? ItemSummaries,
        int[] PersonaStart,
        int[]? RecordOffsets,
        ulong[]? TextBlockChecksums,
        Dictionary<string, int> Ordinals,
        AlignmentLayer? Alignment);

    private static ParsedMetadata ParseMetadata(byte[] bytes, IndexFileHeader header, uint version)
    {
        try
        {
            return Walk(bytes, header, version);
        }
        catch (MessagePackSerializationException e)
        {
            throw Format($"The metadata section is not valid for format version {version}: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw Format("The metadata section ends too early.", e);
        }
        catch (OverflowException e)
        {
            throw Format("The metadata section holds a number out of range.", e);
        }
    }

    private static ParsedMetadata Walk(byte[] bytes, IndexFileHeader header, uint version)
    {
        int items = header.ItemCount;
        bool textsInMetadata = version <= IndexFileLayout.LastVersionWithTextsInMetadata;
        var reader = new MessagePackReader(bytes);
        ExpectArray(ref reader, version == 1 || !textsInMetadata ? 4 : 5, "the metadata section");

        ExpectArray(ref reader, items, "item ids");
        var itemIds = new string[items];
        var ordinals = new Dictionary<string, int>(items, StringComparer.Ordinal);
        for (int i = 0; i < items; i++)
        {
            string? id = ReadText(ref reader, allowNull: false, "item id", i);
            if (id!.Length == 0 || !ordinals.TryAdd(id, i))
            {
                throw Format($"Item id {i} is empty or appears more than once ('{id}').");
            }

            itemIds[i] = id;
        }

        string?[]? summaries = null;
        if (textsInMetadata)
        {
            ExpectArray(ref reader, items, "item summaries");
            summaries = new string?[items];
            for (int i = 0; i < items; i++)
            {
                summaries[i] = ReadText(ref reader, allowNull: true, "item summary", i);
            }
        }

        int[] personaStart = ReadPersonaCounts(ref reader, header);
        int[]? offsets = null;
        ulong[]? checksums = null;
        if (textsInMetadata)
        {
            offsets = WalkPersonaRecords(ref reader, bytes, header, itemIds, personaStart);
        }
        else
        {
            checksums = ReadTextChecksums(ref reader, header);
        }

        AlignmentLayer? alignment = version == 1 ? null : ReadAlignment(ref reader, header);
        Require(reader.End, $"The metadata section has {bytes.Length - reader.Consumed} bytes after its end.");
        return new ParsedMetadata(bytes, itemIds, summaries, personaStart, offsets, checksums, ordinals, alignment);
    }

    private static int[] ReadPersonaCounts(ref MessagePackReader reader, IndexFileHeader header)
    {
        int items = header.ItemCount;
        ExpectArray(ref reader, items, "persona counts");
        var personaStart = new int[items + 1];
        for (int i = 0; i < items; i++)
        {
            int count = reader.ReadInt32();
            long end = (long)personaStart[i] + count;
            if (count is < 1 or > PersonaIndexLimits.MaxPersonasPerItem || end > header.PersonaCount)
            {
                throw Format($"Item {i} has a persona count of {count}; expected 1 to {PersonaIndexLimits.MaxPersonasPerItem}, adding up to the {header.PersonaCount} personas in the header.");
            }

            personaStart[i + 1] = (int)end;
        }

        Require(personaStart[items] == header.PersonaCount, $"The persona counts add up to {personaStart[items]}; the header says {header.PersonaCount}.");
        return personaStart;
    }

    /// <summary>Versions 1–3: validates every persona record in the metadata and returns where each starts.</summary>
    private static int[] WalkPersonaRecords(ref MessagePackReader reader, byte[] bytes, IndexFileHeader header, string[] itemIds, int[] personaStart)
    {
        ExpectArray(ref reader, header.PersonaCount, "personas");
        var offsets = new int[header.PersonaCount];
        var ids = new List<ReadOnlyMemory<byte>>();
        for (int i = 0; i < itemIds.Length; i++)
        {
            ids.Clear();
            for (int p = personaStart[i]; p < personaStart[i + 1]; p++)
            {
                offsets[p] = (int)reader.Consumed;
                ReadPersonaRecord(ref reader, bytes, p, ids);
            }

            CheckUniqueIds(ids, itemIds[i]);
        }

        return offsets;
    }

    /// <summary>Version 4: one little-endian XxHash3-64 per text block, exactly as many as the header's counts make.</summary>
    private static ulong[] ReadTextChecksums(ref MessagePackReader reader, IndexFileHeader header)
    {
        if (reader.NextMessagePackType != MessagePackType.Binary)
        {
            throw Format($"The text block checksums should be binary; found a MessagePack {reader.NextMessagePackType}.");
        }

        ReadOnlySequence<byte> bytes = reader.ReadBytes()!.Value;
        int blocks = PersonaTextSection.BlockCount((long)header.ItemCount + header.PersonaCount);
        Require(bytes.Length == (long)blocks * sizeof(ulong), $"The text block checksums take {bytes.Length} bytes; {blocks} blocks need {(long)blocks * sizeof(ulong)}.");
        var checksums = new ulong[blocks];
        bytes.CopyTo(MemoryMarshal.AsBytes(checksums.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(checksums, checksums);
        }

        return checksums;
    }

    /// <summary>Reads the version 2 alignment entry: nil when the header's rank is 0, else two matrices of exactly rank × dimension finite floats.</summary>
    private static AlignmentLayer? ReadAlignment(ref MessagePackReader reader, IndexFileHeader header)
    {
        if (reader.TryReadNil())
        {
            Require(header.AlignmentRank == 0, $"The header gives an alignment layer of rank {header.AlignmentRank}, but the metadata holds none.");
            return null;
        }

        Require(header.AlignmentRank > 0, "The metadata holds an alignment layer, but the header gives none (rank 0).");
        ExpectArray(ref reader, 2, "the alignment layer");
        int values = header.AlignmentRank * header.Dimension;
        float[] up = ReadFloats(ref reader, values, "up");
        float[] down = ReadFloats(ref reader, values, "down");
        return AlignmentLayer.FromOwned(header.Dimension, header.AlignmentRank, up, down);
    }

    private static float[] ReadFloats(ref MessagePackReader reader, int count, string matrix)
    {
        if (reader.NextMessagePackType != MessagePackType.Binary)
        {
            throw Format($"The alignment layer's {matrix} matrix should be binary; found a MessagePack {reader.NextMessagePackType}.");
        }

        // The reader returns a slice of the section: nothing is allocated before the length is checked.
        ReadOnlySequence<byte> bytes = reader.ReadBytes()!.Value;
        Require(bytes.Length == (long)count * sizeof(float), $"The alignment layer's {matrix} matrix has {bytes.Length} bytes; rank × dimension needs {(long)count * sizeof(float)}.");
        var values = new float[count];
        Span<byte> raw = MemoryMarshal.AsBytes(values.AsSpan());
        bytes.CopyTo(raw);
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(values.AsSpan());
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        Require(TensorPrimitives.IsFiniteAll<float>(values), $"The alignment layer's {matrix} matrix holds a NaN or infinite value.");
        return values;
    }

    private static void ReadPersonaRecord(ref MessagePackReader reader, ReadOnlyMemory<byte> bytes, int ordinal, List<ReadOnlyMemory<byte>> ids)
    {
        ExpectArray(ref reader, PersonaFieldCount, "a persona record");
        ReadOnlySequence<byte> id = SkipText(ref reader, "persona id", ordinal);
        ids.Add(bytes.Slice((int)(reader.Consumed - id.Length), (int)id.Length));
        if (id.Length == 0)
        {
            throw Format($"Persona {ordinal} has an empty id.");
        }

        SkipText(ref reader, "persona name", ordinal);
        SkipText(ref reader, "persona description", ordinal);
        SkipText(ref reader, "persona rationale", ordinal);
        int reviews = ReadReviewCount(ref reader, ordinal);
        for (int r = 0; r < reviews; r++)
        {
            SkipText(ref reader, "review id", ordinal);
        }
    }

    public static void CheckUniqueIds(List<ReadOnlyMemory<byte>> ids, string itemId)
    {
        bool duplicate = false;
        if (ids.Count <= PairwiseIdCheckLimit)
        {
            for (int a = 0; a < ids.Count && !duplicate; a++)
            {
                for (int b = a + 1; b < ids.Count && !duplicate; b++)
                {
                    duplicate = ids[a].Span.SequenceEqual(ids[b].Span);
                }
            }
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (ReadOnlyMemory<byte> id in ids)
            {
                duplicate |= !seen.Add(Encoding.UTF8.GetString(id.Span));
            }
        }

        if (duplicate)
        {
            throw Format($"A persona id appears twice in item '{itemId}'.");
        }
    }

    private static void ExpectArray(ref MessagePackReader reader, int expected, string what)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw Format($"Expected an array of {expected} {what}, found a MessagePack {reader.NextMessagePackType}.");
        }

        int count = reader.ReadArrayHeader();
        if (count != expected)
        {
            throw Format($"Expected {expected} entries in {what}, found {count}.");
        }
    }

    private static string? ReadText(ref MessagePackReader reader, bool allowNull, string what, int ordinal)
    {
        if (reader.TryReadNil())
        {
            return allowNull ? null : throw Format($"The {what} {ordinal} is missing (nil).");
        }

        ReadOnlySequence<byte> text = ExpectString(ref reader, what, ordinal);
        string value = Encoding.UTF8.GetString(text);
        CheckTextLength(value.Length, what, ordinal);
        return value;
    }

    private static ReadOnlySequence<byte> SkipText(ref MessagePackReader reader, string what, int ordinal)
    {
        ReadOnlySequence<byte> text = ExpectString(ref reader, what, ordinal);

        // UTF-8 never has fewer bytes than UTF-16 code units, so only long byte runs need counting.
        if (text.Length > PersonaIndexLimits.MaxStringLength)
        {
            CheckTextLength(Encoding.UTF8.GetCharCount(text.IsSingleSegment ? text.FirstSpan : text.ToArray()), what, ordinal);
        }

        return text;
    }

    private static ReadOnlySequence<byte> ExpectString(ref MessagePackReader reader, string what, int ordinal)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            throw Format($"The {what} of entry {ordinal} should be a string; found a MessagePack {reader.NextMessagePackType}.");
        }

        ReadOnlySequence<byte> text = reader.ReadStringSequence()!.Value;
        if (!System.Text.Unicode.Utf8.IsValid(text.IsSingleSegment ? text.FirstSpan : text.ToArray()))
        {
            // Decoding leniently would turn the bytes into U+FFFD and compare or show a string the writer never wrote.
            throw Format($"The {what} of entry {ordinal} is not valid UTF-8.");
        }

        return text;
    }

    private static void CheckTextLength(int length, string what, int ordinal)
    {
        if (length > PersonaIndexLimits.MaxStringLength)
        {
            throw Format($"The {what} of entry {ordinal} has {length} characters; at most {PersonaIndexLimits.MaxStringLength} are allowed.");
        }
    }
}
