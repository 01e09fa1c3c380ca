using System.Buffers.Binary;
using MessagePack;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>
/// The version 4 text section: opened without being read, decoded on demand, every record's block
/// checksum and offsets checked before use, hostile records rejected with a format error.
/// Runs alone: the bytes-read test counts the whole process's reads.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class IndexFileTextSectionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void OpenMapped_EveryPersonaAndSummary_SameAsBuilt()
    {
        PersonaIndex built = TestIndexes.RandomIndex(3, 150, 8);
        string path = _temp.File("index.p4r");
        built.Save(path);

        PersonaIndex[] opened = [PersonaIndex.OpenMapped(path), PersonaIndex.OpenMapped(path, verifyVectors: true), PersonaIndex.Load(path)];

        foreach (PersonaIndex index in opened)
        {
            for (int i = 0; i < built.ItemCount; i++)
            {
                string id = built.GetItemId(i);
                Assert.Equal(built.GetItemSummary(id), index.GetItemSummary(id));
                Assert.Equal(built.GetPersonas(id).Select(Text), index.GetPersonas(id).Select(Text));
            }
        }
    }

    [Fact]
    public void OpenMapped_LargeFile_ReadsNeitherTextsNorVectors()
    {
        if (!File.Exists("/proc/self/io"))
        {
            Assert.Skip("Needs Linux /proc/self/io to count the bytes read by system calls.");
        }

        string path = _temp.File("large.p4r");
        TestIndexes.RandomIndex(5, 8_000, 64, minPersonas: 3, maxPersonas: 3).Save(path);
        IndexFileHeader header = Header(File.ReadAllBytes(path));

        long before = IndexFileMappedTests.ReadCharacters();
        PersonaIndex mapped = PersonaIndex.OpenMapped(path);
        long read = IndexFileMappedTests.ReadCharacters() - before;

        // The preamble, header, metadata (ids, counts, block checksums) and padding, not the texts
        // (plus the few kilobytes of /proc/self/io read by the probe itself).
        Assert.True(read <= header.MetadataOffset + header.MetadataLength + 16_384, $"opening read {read} bytes; the metadata ends at {header.MetadataOffset + header.MetadataLength}, the {header.TextLength}-byte text section after it");
        Assert.True(header.TextLength > 4 * read, $"the text section ({header.TextLength} bytes) should dwarf what opening read ({read})");
        Assert.Equal("P3", mapped.GetPersonas(mapped.GetItemId(7_999))[2].PersonaId);
    }

    [Fact]
    public void OpenMapped_CorruptedPersonaText_CaughtOnFirstUseOfItsBlockOnly()
    {
        PersonaIndex built = TestIndexes.RandomIndex(4, 200, 8, minPersonas: 2, maxPersonas: 2);
        string path = _temp.File("index.p4r");
        built.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        IndexFileHeader header = Header(bytes);

        // The last persona's record is the last record: flip a byte in its texts (the last block).
        bytes[header.TextOffset + header.TextLength - 10] ^= 0x20;
        File.WriteAllBytes(path, bytes);

        Assert.Contains("text block", Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(path)).Message, StringComparison.Ordinal);
        Assert.Contains("text block", Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.OpenMapped(path, verifyVectors: true)).Message, StringComparison.Ordinal);
        PersonaIndex mapped = PersonaIndex.OpenMapped(path);
        Assert.Equal(built.GetPersonas(built.GetItemId(0)).Select(Text), mapped.GetPersonas(built.GetItemId(0)).Select(Text));
        var error = Assert.Throws<PersonaIndexFormatException>(() => mapped.GetPersonas(built.GetItemId(199)));
        Assert.Contains("checksum of text block", error.Message, StringComparison.Ordinal);
        Assert.Equal(built.Search(TestIndexes.RandomVector(new Random(2), 8), 5).Select(m => m.ItemId), mapped.Search(TestIndexes.RandomVector(new Random(2), 8), 5).Select(m => m.ItemId));
    }

    [Theory]
    [InlineData(0, "offsets")]
    [InlineData(1, "offsets")]
    [InlineData(2, "after its end")]
    [InlineData(3, "should be a string")]
    [InlineData(4, "persona id appears twice")]
    [InlineData(5, "first record offset")]
    public void Forged_HostileTextSection_FormatErrorAtLoadAndOnFirstUse(int lie, string expected)
    {
        PersonaIndex built = TestIndexes.RandomIndex(6, 10, 8, minPersonas: 2, maxPersonas: 2);
        string path = _temp.File("forged.p4r");
        built.Save(path);
        byte[] valid = File.ReadAllBytes(path);
        IndexFileHeader header = Header(valid);
        byte[] texts = valid.AsSpan((int)header.TextOffset, (int)header.TextLength).ToArray();
        int count = header.ItemCount + header.PersonaCount;
        int table = (count + 1) * sizeof(ulong);
        var records = Enumerable.Range(0, count).Select(r => texts.AsSpan(table + (int)Offset(texts, r), (int)(Offset(texts, r + 1) - Offset(texts, r))).ToArray()).ToList();
        int firstPersona = header.ItemCount;
        switch (lie)
        {
            case 3: records[firstPersona] = MessagePackSerializer.Serialize(new object?[] { "P1", 42, "d", "r", Array.Empty<string>() }, cancellationToken: TestContext.Current.CancellationToken); break;
            case 4: records[firstPersona + 1] = records[firstPersona]; break;
            case 2: records[firstPersona] = [.. records[firstPersona], 0xc0]; break;
            default: break;
        }

        var offsets = new long[count + 1];
        for (int r = 0; r < count; r++)
        {
            offsets[r + 1] = offsets[r] + records[r].Length;
        }

        (byte[] section, ulong[] checksums) = PersonaTextSectionWriter.Assemble(offsets, [.. records.SelectMany(r => r)]);
        switch (lie)
        {
            case 0: BinaryPrimitives.WriteUInt64LittleEndian(section.AsSpan((firstPersona + 1) * 8), ulong.MaxValue); break;
            case 1: BinaryPrimitives.WriteUInt64LittleEndian(section.AsSpan((firstPersona + 1) * 8), 1); break;
            case 5: BinaryPrimitives.WriteUInt64LittleEndian(section, 3); break;
            default: break;
        }

        string forged = Forge(valid, header, section, checksums);

        Assert.Contains(expected, Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(forged)).Message, StringComparison.Ordinal);
        Assert.Contains(expected, Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.OpenMapped(forged, verifyVectors: true)).Message, StringComparison.Ordinal);
        if (lie == 4)
        {
            // Persona-id uniqueness needs a whole item's records: checked by Load and a verified open, not on demand.
            _ = PersonaIndex.OpenMapped(forged).GetPersonas(built.GetItemId(0));
            return;
        }

        var error = Assert.Throws<PersonaIndexFormatException>(() =>
        {
            PersonaIndex mapped = PersonaIndex.OpenMapped(forged);
            for (int i = 0; i < mapped.ItemCount; i++)
            {
                _ = mapped.GetPersonas(mapped.GetItemId(i));
            }
        });
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forged_TextSectionLengthOrOffsetLies_RejectedAtOpen()
    {
        string path = _temp.File("index.p4r");
        TestIndexes.RandomIndex(7, 10, 8).Save(path);
        byte[] valid = File.ReadAllBytes(path);
        IndexFileHeader header = Header(valid);
        byte[] texts = valid.AsSpan((int)header.TextOffset, (int)header.TextLength).ToArray();
        IndexFileMetadataV4 metadata = MessagePackSerializer.Deserialize<IndexFileMetadataV4>(valid.AsMemory((int)header.MetadataOffset, (int)header.MetadataLength), IndexFileLayout.ReadOptions, TestContext.Current.CancellationToken);

        // Fewer block checksums than the counts need.
        metadata.TextBlockChecksums = metadata.TextBlockChecksums![..^8];
        string forged = ForgeWith(valid, header, texts, metadata);
        Assert.Contains("text block checksums", Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.OpenMapped(forged)).Message, StringComparison.Ordinal);

        // A text section too short for its offset table.
        string tooShort = _temp.File("short.p4r");
        File.WriteAllBytes(tooShort, valid);
        ForgeHeader(tooShort, h => h.TextLength = PersonaTextSection.OffsetTableLength(h.ItemCount + h.PersonaCount) - 8);
        Assert.Contains("text section", Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.OpenMapped(tooShort)).Message, StringComparison.Ordinal);
    }

    private string Forge(byte[] valid, IndexFileHeader header, byte[] section, ulong[] checksums)
    {
        IndexFileMetadataV4 metadata = MessagePackSerializer.Deserialize<IndexFileMetadataV4>(valid.AsMemory((int)header.MetadataOffset, (int)header.MetadataLength), IndexFileLayout.ReadOptions);
        metadata.TextBlockChecksums = [.. checksums.SelectMany(c => BitConverter.GetBytes(c))];
        return ForgeWith(valid, header, section, metadata);
    }

    private string ForgeWith(byte[] valid, IndexFileHeader header, byte[] section, IndexFileMetadataV4 metadata)
    {
        byte[] metadataBytes = MessagePackSerializer.Serialize(metadata, IndexFileLayout.WriteOptions);
        header.MetadataChecksum = System.IO.Hashing.XxHash3.HashToUInt64(metadataBytes);
        byte[] vectors = valid.AsSpan((int)header.VectorOffset).ToArray();
        string path = _temp.File(Guid.NewGuid().ToString("N") + ".p4r");
        using (FileStream stream = File.Create(path))
        {
            IndexFileWriter.WriteSections(stream, header, metadataBytes, s =>
            {
                s.Write(vectors);
                return 0;
            }, texts: section);
        }

        return path;
    }

    /// <summary>Rewrites a file's header in place through a mutation, fixing its checksum (the header length may not change).</summary>
    private static void ForgeHeader(string path, Action<IndexFileHeader> mutate)
    {
        byte[] bytes = File.ReadAllBytes(path);
        IndexFileHeader header = Header(bytes);
        mutate(header);
        byte[] encoded = MessagePackSerializer.Serialize(header, IndexFileLayout.WriteOptions);
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        Assert.Equal(length, encoded.Length);
        IndexFileLayout.WritePreamble(bytes, IndexFileLayout.CurrentVersion, encoded.Length, System.IO.Hashing.XxHash3.HashToUInt64(encoded));
        encoded.CopyTo(bytes.AsSpan(IndexFileLayout.PreambleLength));
        File.WriteAllBytes(path, bytes);
    }

    private static IndexFileHeader Header(byte[] file) =>
        MessagePackSerializer.Deserialize<IndexFileHeader>(file.AsMemory(IndexFileLayout.PreambleLength, (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12))), IndexFileLayout.ReadOptions);

    private static ulong Offset(byte[] texts, int entry) => BinaryPrimitives.ReadUInt64LittleEndian(texts.AsSpan(entry * 8));

    private static string Text(Persona p) => string.Join('|', p.PersonaId, p.ItemId, p.Name, p.Description, p.PreferenceRationale, string.Join(',', p.ReviewIds));
}
