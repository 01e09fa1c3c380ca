using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <summary>Serialises the version 4 text section (<see cref="PersonaTextSection"/>) and its block checksums.</summary>
internal static class PersonaTextSectionWriter
{
    public static (byte[] Section, ulong[] BlockChecksums) Build(PersonaIndex index)
    {
        int items = index.ItemCount;
        int recordCount = items + index.PersonaCount;
        var records = new ArrayBufferWriter<byte>();
        var offsets = new long[recordCount + 1];
        var writer = new MessagePackWriter(records);
        for (int i = 0; i < items; i++)
        {
            writer.Write(index.ItemSummaryAt(i));
            writer.Flush();
            offsets[i + 1] = records.WrittenCount;
        }

        ReadOnlySpan<int> start = index.PersonaStart;
        int item = 0;
        for (int p = 0; p < index.PersonaCount; p++)
        {
            while (p >= start[item + 1])
            {
                item++;
            }

            WritePersona(ref writer, index.PersonaAt(p, item));
            writer.Flush();
            offsets[items + p + 1] = records.WrittenCount;
        }

        return Assemble(offsets, records.WrittenSpan);
    }

    /// <summary>Lays out the offset table and records and checksums each block (tests use it to forge sections).</summary>
    internal static (byte[] Section, ulong[] BlockChecksums) Assemble(ReadOnlySpan<long> offsets, ReadOnlySpan<byte> records)
    {
        int recordCount = offsets.Length - 1;
        long tableLength = PersonaTextSection.OffsetTableLength(recordCount);
        byte[] section = new byte[checked((int)(tableLength + records.Length))];
        for (int r = 0; r <= recordCount; r++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(section.AsSpan(r * sizeof(ulong)), (ulong)offsets[r]);
        }

        records.CopyTo(section.AsSpan((int)tableLength));
        var checksums = new ulong[PersonaTextSection.BlockCount(recordCount)];
        for (int b = 0; b < checksums.Length; b++)
        {
            int first = b * PersonaTextSection.BlockRecords;
            int last = Math.Min(first + PersonaTextSection.BlockRecords, recordCount);
            checksums[b] = PersonaTextSection.BlockChecksum(
                section.AsSpan(first * sizeof(ulong), (last - first + 1) * sizeof(ulong)),
                section.AsSpan((int)(tableLength + offsets[first]), (int)(offsets[last] - offsets[first])));
        }

        return (section, checksums);
    }

    private static void WritePersona(ref MessagePackWriter writer, Persona persona)
    {
        writer.WriteArrayHeader(5);
        writer.Write(persona.PersonaId);
        writer.Write(persona.Name);
        writer.Write(persona.Description);
        writer.Write(persona.PreferenceRationale);
        writer.WriteArrayHeader(persona.ReviewIds.Count);
        foreach (string reviewId in persona.ReviewIds)
        {
            writer.Write(reviewId);
        }
    }
}
