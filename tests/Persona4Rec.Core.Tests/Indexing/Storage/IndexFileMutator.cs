using System.Buffers.Binary;
using System.IO.Hashing;
using MessagePack;
using Persona4Rec.Indexing.Storage;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>
/// A seeded mutation engine over one valid index file. Half of its mutations damage raw bytes
/// (truncations, bit flips, chunks inserted or removed, lying preamble fields, random files), which
/// the preamble and checksums must catch; the other half change one section and then fix every
/// checksum, so that lies in header fields, hostile MessagePack and bad vectors reach the deeper checks.
/// </summary>
internal sealed class IndexFileMutator
{
    /// <summary>MessagePack tokens that claim large or odd things: array32, map32, str32, bin32 with lengths near 2^31, nil, the never-used byte, extreme integers.</summary>
    private static readonly byte[][] HostileTokens =
    [
        [0xdd, 0x7f, 0xff, 0xff, 0xff], [0xdd, 0xff, 0xff, 0xff, 0xff], [0xdc, 0xff, 0xff], [0xdf, 0x7f, 0xff, 0xff, 0xff],
        [0xdb, 0x7f, 0xff, 0xff, 0xff], [0xda, 0xff, 0xff], [0xd9, 0xff], [0xc6, 0x7f, 0xff, 0xff, 0xff],
        [0xc0], [0xc1], [0xd2, 0x80, 0x00, 0x00, 0x00], [0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        [0xd3, 0x80, 0, 0, 0, 0, 0, 0, 0], [0xff], [0x90], [0x9f], [0xa0], [0xca, 0x7f, 0xc0, 0x00, 0x00],
    ];

    private readonly byte[] _valid;
    private readonly IndexFileHeader _header;
    private readonly byte[] _metadata;
    private readonly byte[] _vectors;
    private readonly byte[]? _texts;

    public IndexFileMutator(byte[] valid)
    {
        _valid = valid;
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(valid.AsSpan(12));
        _header = MessagePackSerializer.Deserialize<IndexFileHeader>(valid.AsMemory(IndexFileLayout.PreambleLength, headerLength), IndexFileLayout.ReadOptions);
        _metadata = valid.AsSpan((int)_header.MetadataOffset, (int)_header.MetadataLength).ToArray();
        _vectors = valid.AsSpan((int)_header.VectorOffset).ToArray();
        _texts = _header.TextOffset == 0 ? null : valid.AsSpan((int)_header.TextOffset, (int)_header.TextLength).ToArray();
    }

    /// <summary>The kinds of mutation, for the statistics.</summary>
    public static IReadOnlyList<string> Kinds { get; } =
        ["truncate", "raw-bytes", "chunks", "preamble-fields", "random-file", "header-field", "metadata-bytes", "metadata-records", "vectors", "text-bytes", "text-records", "header-strings"];

    /// <summary>Makes one mutated file; the same random state always gives the same file.</summary>
    public (byte[] Bytes, string Kind) Next(Random random)
    {
        string kind = Kinds[random.Next(Kinds.Count)];
        byte[] bytes = kind switch
        {
            "truncate" => _valid[..random.Next(_valid.Length)],
            "raw-bytes" => RawBytes(random, (byte[])_valid.Clone()),
            "chunks" => Chunks(random, _valid),
            "preamble-fields" => PreambleFields(random),
            "random-file" => RandomFile(random),
            "header-field" => HeaderField(random),
            "metadata-bytes" => Assemble(Header(), MetadataBytes(random), _vectors, texts: _texts),
            "metadata-records" => _texts is null ? MetadataRecords(random) : MetadataRecordsV4(random),
            "text-bytes" => _texts is null ? Vectors(random) : Assemble(Header(), _metadata, _vectors, texts: RawBytes(random, (byte[])_texts.Clone(), tokens: true)),
            "text-records" => _texts is null ? Vectors(random) : TextRecords(random),
            "header-strings" => HeaderStrings(random),
            _ => Vectors(random),
        };
        return (bytes, kind);
    }

    /// <summary>Invalid UTF-8 (a lone byte, an overlong form, a surrogate, a cut sequence) inside the encoder or template id, the header checksum fixed.</summary>
    private byte[] HeaderStrings(Random random)
    {
        byte[] bytes = (byte[])_valid.Clone();
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        Span<byte> header = bytes.AsSpan(IndexFileLayout.PreambleLength, headerLength);
        byte[] text = System.Text.Encoding.UTF8.GetBytes(random.Next(2) == 0 ? _header.EncoderModelId! : _header.TemplateId!);
        byte[][] invalid = [[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82]];
        byte[] bad = invalid[random.Next(invalid.Length)];
        int at = header.IndexOf(text);
        if (at < 0 || text.Length < bad.Length)
        {
            return bytes;
        }

        bad.CopyTo(header[(at + random.Next(text.Length - bad.Length + 1))..]);
        IndexFileLayout.WritePreamble(bytes.AsSpan(0, IndexFileLayout.PreambleLength), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), headerLength, XxHash3.HashToUInt64(header));
        return bytes;
    }

    private static byte[] RawBytes(Random random, byte[] bytes, bool tokens = false)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        for (int op = 1 + random.Next(4); op > 0; op--)
        {
            int at = random.Next(bytes.Length);
            switch (random.Next(tokens ? 3 : 2))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)(random.Next(4) switch { 0 => 0, 1 => 0xff, 2 => 0x7f, _ => random.Next(256) });
                    break;
                default:
                    byte[] token = HostileTokens[random.Next(HostileTokens.Length)];
                    token.AsSpan(0, Math.Min(token.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
                    break;
            }
        }

        return bytes;
    }

    /// <summary>Hostile MessagePack tokens and damaged bytes in the metadata, which is then checksummed as if it were right.</summary>
    private byte[] MetadataBytes(Random random)
    {
        byte[] metadata = RawBytes(random, (byte[])_metadata.Clone(), tokens: true);
        return random.Next(2) == 0 ? Chunks(random, metadata) : metadata;
    }

    /// <summary>Removes, duplicates or inserts a chunk, or appends bytes.</summary>
    private static byte[] Chunks(Random random, byte[] bytes)
    {
        int at = random.Next(bytes.Length + 1);
        int length = random.Next(1, 1 + Math.Min(256, Math.Max(1, bytes.Length - at)));
        return random.Next(4) switch
        {
            0 => [.. bytes.AsSpan(0, at), .. bytes.AsSpan(Math.Min(bytes.Length, at + length))],
            1 => [.. bytes.AsSpan(0, Math.Min(bytes.Length, at + length)), .. bytes.AsSpan(at)],
            2 => [.. bytes.AsSpan(0, at), .. RandomBytes(random, length), .. bytes.AsSpan(at)],
            _ => [.. bytes, .. RandomBytes(random, length)],
        };
    }

    /// <summary>The version or header-length field set to a boundary value.</summary>
    private byte[] PreambleFields(Random random)
    {
        byte[] bytes = (byte[])_valid.Clone();
        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        uint[] values = [0, 1, 2, 7, headerLength - 1, headerLength + 1, 1 << 20, (1 << 20) + 1, int.MaxValue, uint.MaxValue, (uint)bytes.Length, (uint)random.Next()];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(random.Next(2) == 0 ? 8 : 12), values[random.Next(values.Length)]);
        return bytes;
    }

    private byte[] RandomFile(Random random)
    {
        byte[] bytes = RandomBytes(random, random.Next(2 * _valid.Length));
        if (bytes.Length >= IndexFileLayout.PreambleLength && random.Next(2) == 0)
        {
            _valid.AsSpan(0, 12).CopyTo(bytes);
        }

        return bytes;
    }

    /// <summary>One header field set to a boundary or random value, with the header checksum fixed.</summary>
    private byte[] HeaderField(Random random)
    {
        IndexFileHeader header = Header();
        int field = random.Next(_texts is null ? 11 : 13);
        switch (field)
        {
            case 0: header.Dimension = Int(random, header.Dimension); break;
            case 1: header.ItemCount = Int(random, header.ItemCount); break;
            case 2: header.PersonaCount = Int(random, header.PersonaCount); break;
            case 3: header.EncoderModelId = Text(random); break;
            case 4: header.TemplateId = Text(random); break;
            case 7: header.MetadataChecksum ^= 1UL << random.Next(64); break;
            case 9: header.VectorLength = Long(random, header.VectorLength); break;
            case 10: header.VectorChecksum ^= 1UL << random.Next(64); break;
            default: break;
        }

        byte[] bytes = Assemble(header, _metadata, _vectors, fixMetadataChecksum: false, texts: _texts);
        if (field is 5 or 6 or 8 or 11 or 12)
        {
            // Layout fields are filled in by the writer: lie about them after it ran, and splice the header back in.
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
            IndexFileHeader laidOut = MessagePackSerializer.Deserialize<IndexFileHeader>(bytes.AsMemory(IndexFileLayout.PreambleLength, length), IndexFileLayout.ReadOptions);
            _ = field switch
            {
                5 => laidOut.MetadataOffset = Long(random, laidOut.MetadataOffset),
                6 => laidOut.MetadataLength = Long(random, laidOut.MetadataLength),
                11 => laidOut.TextOffset = Long(random, laidOut.TextOffset),
                12 => laidOut.TextLength = Long(random, laidOut.TextLength),
                _ => laidOut.VectorOffset = Long(random, laidOut.VectorOffset),
            };
            byte[] headerBytes = MessagePackSerializer.Serialize(laidOut, IndexFileLayout.WriteOptions);
            byte[] preamble = new byte[IndexFileLayout.PreambleLength];
            IndexFileLayout.WritePreamble(preamble, System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8, 4)), headerBytes.Length, XxHash3.HashToUInt64(headerBytes));
            bytes = [.. preamble, .. headerBytes, .. bytes.AsSpan(IndexFileLayout.PreambleLength + length)];
        }

        return bytes;
    }

    /// <summary>One metadata record changed through the file records, all checksums fixed; some variants are valid files.</summary>
    private byte[] MetadataRecords(Random random)
    {
        IndexFileMetadata m = MessagePackSerializer.Deserialize<IndexFileMetadata>(_metadata, IndexFileLayout.ReadOptions);
        IndexFileHeader header = Header();
        int item = random.Next(m.ItemIds!.Length);
        int persona = random.Next(m.Personas!.Length);
        IndexFilePersona record = m.Personas[persona]!;
        switch (random.Next(12))
        {
            case 0: m.ItemIds[item] = random.Next(2) == 0 ? Text(random) : m.ItemIds[random.Next(m.ItemIds.Length)]; break;
            case 1: m.ItemSummaries![item] = Text(random); break;
            case 2: m.PersonaCounts![item] = Int(random, m.PersonaCounts[item]); break;
            case 3: m.Personas[persona] = null; break;
            case 4: record.PersonaId = random.Next(2) == 0 ? Text(random) : m.Personas[random.Next(m.Personas.Length)]?.PersonaId; break;
            case 5: record.Name = Text(random); break;
            case 6: record.Description = Text(random); break;
            case 7: record.ReviewIds = random.Next(3) switch { 0 => null, 1 => [null], _ => [.. Enumerable.Repeat("r", random.Next(4090, 4100))] }; break;
            case 8: m.ItemIds = m.ItemIds[..item]; break;
            case 9: m.Personas = [.. m.Personas, record]; break;
            case 10: m.PersonaCounts = null; break;
            default: return DropLastItem(m, header);
        }

        return Assemble(header, MessagePackSerializer.Serialize(m, IndexFileLayout.WriteOptions), _vectors);
    }

    /// <summary>Version 4: one metadata field changed (or the last item dropped everywhere), all checksums fixed.</summary>
    private byte[] MetadataRecordsV4(Random random)
    {
        IndexFileMetadataV4 m = MessagePackSerializer.Deserialize<IndexFileMetadataV4>(_metadata, IndexFileLayout.ReadOptions);
        IndexFileHeader header = Header();
        int item = random.Next(m.ItemIds!.Length);
        byte[]? texts = _texts;
        switch (random.Next(7))
        {
            case 0: m.ItemIds[item] = random.Next(2) == 0 ? Text(random) : m.ItemIds[random.Next(m.ItemIds.Length)]; break;
            case 1: m.PersonaCounts![item] = Int(random, m.PersonaCounts[item]); break;
            case 2: m.TextBlockChecksums = random.Next(2) == 0 ? null : m.TextBlockChecksums![..^(1 + random.Next(8))]; break;
            case 3: m.ItemIds = m.ItemIds[..item]; break;
            case 4: m.PersonaCounts = null; break;
            case 5: m.TextBlockChecksums![random.Next(m.TextBlockChecksums.Length)] ^= 1; break;
            default:
                (List<byte[]> records, int items) = TextRecordList();
                if (items < 2)
                {
                    return _valid;
                }

                int dropped = m.PersonaCounts![^1];
                header.ItemCount--;
                header.PersonaCount -= dropped;
                m.ItemIds = m.ItemIds[..^1];
                m.PersonaCounts = m.PersonaCounts[..^1];
                records.RemoveRange(records.Count - dropped, dropped);
                records.RemoveAt(items - 1);
                (texts, ulong[] sums) = Section(records);
                m.TextBlockChecksums = ChecksumBytes(sums);
                byte[] vectors = _vectors[..(header.PersonaCount * header.Dimension * sizeof(float))];
                header.VectorLength = vectors.Length;
                header.VectorChecksum = XxHash3.HashToUInt64(vectors);
                return Assemble(header, MessagePackSerializer.Serialize(m, IndexFileLayout.WriteOptions), vectors, texts: texts);
        }

        return Assemble(header, MessagePackSerializer.Serialize(m, IndexFileLayout.WriteOptions), _vectors, texts: texts);
    }

    /// <summary>Version 4: one text record replaced by hostile or misplaced MessagePack, or one offset that lies, with every checksum fixed.</summary>
    private byte[] TextRecords(Random random)
    {
        (List<byte[]> records, _) = TextRecordList();
        int at = random.Next(records.Count);
        byte[] section;
        byte[] checksumBytes;
        if (random.Next(3) == 0)
        {
            // An offset that lies: the checksums stay those of the true layout, the range checks must fire first.
            (section, ulong[] checksums) = Section(records);
            int entry = random.Next(records.Count + 1);
            long[] lies = [-1, long.MaxValue, int.MaxValue, section.Length, (long)BinaryPrimitives.ReadUInt64LittleEndian(section.AsSpan(entry * 8)) + 1 + random.Next(64), random.Next(section.Length)];
            BinaryPrimitives.WriteUInt64LittleEndian(section.AsSpan(entry * 8), (ulong)lies[random.Next(lies.Length)]);
            checksumBytes = ChecksumBytes(checksums);
        }
        else
        {
            records[at] = random.Next(4) switch
            {
                0 => RawBytes(random, (byte[])records[at].Clone(), tokens: true),
                1 => records[random.Next(records.Count)],
                2 => HostileTokens[random.Next(HostileTokens.Length)],
                _ => [.. records[at], 0xc0],
            };
            (section, ulong[] checksums) = Section(records);
            checksumBytes = ChecksumBytes(checksums);
        }

        IndexFileMetadataV4 m = MessagePackSerializer.Deserialize<IndexFileMetadataV4>(_metadata, IndexFileLayout.ReadOptions);
        m.TextBlockChecksums = checksumBytes;
        return Assemble(Header(), MessagePackSerializer.Serialize(m, IndexFileLayout.WriteOptions), _vectors, texts: section);
    }

    /// <summary>The valid text section's records (N summaries, then P personas) and N.</summary>
    private (List<byte[]> Records, int Items) TextRecordList()
    {
        int count = _header.ItemCount + _header.PersonaCount;
        int table = (count + 1) * sizeof(ulong);
        var records = new List<byte[]>(count);
        for (int r = 0; r < count; r++)
        {
            int start = (int)BinaryPrimitives.ReadUInt64LittleEndian(_texts.AsSpan(r * 8));
            int end = (int)BinaryPrimitives.ReadUInt64LittleEndian(_texts.AsSpan((r + 1) * 8));
            records.Add(_texts.AsSpan(table + start, end - start).ToArray());
        }

        return (records, _header.ItemCount);
    }

    private static (byte[] Section, ulong[] Checksums) Section(List<byte[]> records)
    {
        var offsets = new long[records.Count + 1];
        for (int r = 0; r < records.Count; r++)
        {
            offsets[r + 1] = offsets[r] + records[r].Length;
        }

        return PersonaTextSectionWriter.Assemble(offsets, [.. records.SelectMany(r => r)]);
    }

    private static byte[] ChecksumBytes(ulong[] checksums)
    {
        byte[] bytes = new byte[checksums.Length * sizeof(ulong)];
        for (int b = 0; b < checksums.Length; b++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(b * sizeof(ulong)), checksums[b]);
        }

        return bytes;
    }

    /// <summary>A smaller but valid index: the last item and its personas and vectors removed everywhere.</summary>
    private byte[] DropLastItem(IndexFileMetadata m, IndexFileHeader header)
    {
        if (m.ItemIds!.Length < 2)
        {
            return _valid;
        }

        int dropped = m.PersonaCounts![^1];
        header.ItemCount--;
        header.PersonaCount -= dropped;
        m.ItemIds = m.ItemIds[..^1];
        m.ItemSummaries = m.ItemSummaries![..^1];
        m.PersonaCounts = m.PersonaCounts[..^1];
        m.Personas = m.Personas![..^dropped];
        byte[] vectors = _vectors[..(header.PersonaCount * header.Dimension * sizeof(float))];
        header.VectorLength = vectors.Length;
        header.VectorChecksum = XxHash3.HashToUInt64(vectors);
        return Assemble(header, MessagePackSerializer.Serialize(m, IndexFileLayout.WriteOptions), vectors);
    }

    /// <summary>Vector values set to NaN, infinities, zero, huge or tiny values, or a row scaled, with the checksum fixed.</summary>
    private byte[] Vectors(Random random)
    {
        byte[] vectors = (byte[])_vectors.Clone();
        int at = random.Next(vectors.Length / sizeof(float)) * sizeof(float);
        float[] values = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0, float.MaxValue, float.Epsilon, -1, 1e-20f, 2];
        float value = random.Next(2) == 0 ? values[random.Next(values.Length)] : BinaryPrimitives.ReadSingleLittleEndian(vectors.AsSpan(at)) * 1.01f;
        BinaryPrimitives.WriteSingleLittleEndian(vectors.AsSpan(at), value);
        IndexFileHeader header = Header();
        header.VectorChecksum = XxHash3.HashToUInt64(vectors);
        return Assemble(header, _metadata, vectors, texts: _texts);
    }

    /// <summary>A fresh copy of the valid header.</summary>
    private IndexFileHeader Header() =>
        MessagePackSerializer.Deserialize<IndexFileHeader>(MessagePackSerializer.Serialize(_header, IndexFileLayout.WriteOptions), IndexFileLayout.ReadOptions);

    /// <summary>Lays the sections out the way the writer does, with the metadata checksum of the given bytes.</summary>
    private static byte[] Assemble(IndexFileHeader header, byte[] metadata, byte[] vectors, bool fixMetadataChecksum = true, byte[]? texts = null)
    {
        if (fixMetadataChecksum)
        {
            header.MetadataChecksum = XxHash3.HashToUInt64(metadata);
        }

        using var stream = new MemoryStream();
        IndexFileWriter.WriteSections(stream, header, metadata, s =>
        {
            s.Write(vectors);
            return 0;
        }, version: texts is null ? IndexFileLayout.LastVersionWithTextsInMetadata : IndexFileLayout.CurrentVersion, texts: texts);
        return stream.ToArray();
    }

    private static int Int(Random random, int original)
    {
        int[] values = [0, 1, -1, int.MinValue, int.MaxValue, original - 1, original + 1, 2 * original, 4096, 4097, 1 << 16, (1 << 16) + 1, random.Next()];
        return values[random.Next(values.Length)];
    }

    private static long Long(Random random, long original)
    {
        long[] values = [0, -1, long.MinValue, long.MaxValue, original - 1, original + 1, original + 64, original - 64, int.MaxValue, (long)int.MaxValue + 1, 1L << 40, random.NextInt64()];
        return values[random.Next(values.Length)];
    }

    private static string? Text(Random random) => random.Next(5) switch
    {
        0 => null,
        1 => string.Empty,
        2 => new string('x', 70_000),
        3 => "\uFFFD\0\u00e9",
        _ => "x" + random.Next(),
    };

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
