using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <content>
/// Version 4 text records, parsed strictly one at a time from the exact bytes between two offsets:
/// the shape, the string types, the text limits, and nothing after the record.
/// </content>
internal static partial class IndexFileReader
{
    public static Persona DecodePersonaRecord(ReadOnlyMemory<byte> record, int ordinal, string itemId)
    {
        try
        {
            var reader = new MessagePackReader(record);
            ExpectArray(ref reader, PersonaFieldCount, "a persona record");
            string personaId = ReadText(ref reader, allowNull: false, "persona id", ordinal)!;
            if (personaId.Length == 0)
            {
                throw Format($"Persona {ordinal} has an empty id.");
            }

            string name = ReadText(ref reader, allowNull: false, "persona name", ordinal)!;
            string description = ReadText(ref reader, allowNull: false, "persona description", ordinal)!;
            string rationale = ReadText(ref reader, allowNull: false, "persona rationale", ordinal)!;
            var reviewIds = new string[ReadReviewCount(ref reader, ordinal)];
            for (int r = 0; r < reviewIds.Length; r++)
            {
                reviewIds[r] = ReadText(ref reader, allowNull: false, "review id", ordinal)!;
            }

            RequireEnd(ref reader, record.Length, "persona", ordinal);
            return new Persona(personaId, itemId, name, description, rationale, reviewIds);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw Format($"The text record of persona {ordinal} is not valid: {e.Message}", e);
        }
    }

    public static string? DecodeSummaryRecord(ReadOnlyMemory<byte> record, int item)
    {
        try
        {
            var reader = new MessagePackReader(record);
            string? summary = ReadText(ref reader, allowNull: true, "item summary", item);
            RequireEnd(ref reader, record.Length, "item summary", item);
            return summary;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw Format($"The summary record of item {item} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Checks one summary record at the reader's position without decoding it.</summary>
    public static void ValidateSummaryRecord(ref MessagePackReader reader, int item)
    {
        try
        {
            if (!reader.TryReadNil())
            {
                _ = SkipText(ref reader, "item summary", item);
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw Format($"The summary record of item {item} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Checks one persona record at the reader's position (over <paramref name="run"/>) without decoding it, collecting its id for the uniqueness check.</summary>
    public static void ValidatePersonaRecord(ref MessagePackReader reader, ReadOnlyMemory<byte> run, int ordinal, List<ReadOnlyMemory<byte>> ids)
    {
        try
        {
            ReadPersonaRecord(ref reader, run, ordinal, ids);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            throw Format($"The text record of persona {ordinal} is not valid: {e.Message}", e);
        }
    }

    private static int ReadReviewCount(ref MessagePackReader reader, int ordinal)
    {
        // Checks on every record throw directly: Require would format its message on every call.
        int reviews = reader.ReadArrayHeader();
        if (reviews > PersonaIndexLimits.MaxReviewIdsPerPersona)
        {
            throw Format($"Persona {ordinal} cites {reviews} reviews; at most {PersonaIndexLimits.MaxReviewIdsPerPersona} are allowed.");
        }

        return reviews;
    }

    private static void RequireEnd(ref MessagePackReader reader, int length, string what, int ordinal)
    {
        if (!reader.End)
        {
            throw Format($"The {what} record {ordinal} has {length - reader.Consumed} bytes after its end.");
        }
    }
}
