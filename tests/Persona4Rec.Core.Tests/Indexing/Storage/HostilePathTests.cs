using System.Diagnostics;
using System.IO.Hashing;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>
/// Paths that are not regular files (a FIFO, a directory, a character device, a symbolic-link
/// loop) and header strings that are not what the writer wrote (invalid UTF-8, a number): each is
/// refused at once with a message naming it, never blocks and never loads.
/// </summary>
public sealed class HostilePathTests : IDisposable
{
    private static readonly TimeSpan NeverBlocks = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Kinds() => ["fifo", "directory", "device", "loop"];

    /// <summary>A path of the kind; a FIFO has no writer, so opening it for reading would block forever.</summary>
    private string Make(string kind)
    {
        switch (kind)
        {
            case "fifo":
                Assert.SkipUnless(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "FIFOs are a Unix thing");
                string fifo = _temp.File("index.fifo");
                using (var mkfifo = Process.Start("mkfifo", [fifo]))
                {
                    mkfifo.WaitForExit();
                    Assert.Equal(0, mkfifo.ExitCode);
                }

                return fifo;
            case "directory":
                return Directory.CreateDirectory(_temp.File("index.p4r")).FullName;
            case "device":
                Assert.SkipUnless(OperatingSystem.IsLinux(), "the device check reads the file type with statx");
                return "/dev/zero";
            default:
                Assert.SkipUnless(OperatingSystem.IsLinux(), "the loop check reads the file type with statx");
                string a = _temp.File("a.p4r");
                string b = _temp.File("b.p4r");
                File.CreateSymbolicLink(a, b);
                File.CreateSymbolicLink(b, a);
                return a;
        }
    }

    private static string Expected(string kind) => kind switch
    {
        "fifo" => "is a FIFO (named pipe), not a regular file",
        "directory" => "is a directory, not a file",
        "device" => "is a character device, not a regular file",
        _ => "is a symbolic link loop",
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Load_NotARegularFile_IsRefusedNamingWhatItIs_WithoutBlocking(string kind)
    {
        string path = Make(kind);

        var error = await Assert.ThrowsAsync<PersonaIndexFormatException>(() => Task.Run(() => PersonaIndex.Load(path)).WaitAsync(NeverBlocks, TestContext.Current.CancellationToken));

        Assert.Contains(Expected(kind), error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task OpenMapped_NotARegularFile_IsRefusedNamingWhatItIs_WithoutBlocking(string kind)
    {
        string path = Make(kind);

        var error = await Assert.ThrowsAsync<PersonaIndexFormatException>(() => Task.Run(() => PersonaIndex.OpenMapped(path)).WaitAsync(NeverBlocks, TestContext.Current.CancellationToken));

        Assert.Contains(Expected(kind), error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ReviewReadersAndCheckpoints_NotARegularFile_AreRefusedWithoutBlocking(string kind)
    {
        string path = Make(kind);

        foreach (Func<object> read in new Func<object>[]
        {
            () => ReviewFileReader.ReadAmazon2014(path),
            () => ReviewFileReader.ReadYelp(path),
            () => ItemMetadataReader.ReadAmazon2014(path),
            () => PersonaPipeline.ReadCheckpoint(path),
        })
        {
            var error = await Assert.ThrowsAsync<IOException>(() => Task.Run(read).WaitAsync(NeverBlocks, TestContext.Current.CancellationToken));
            Assert.Contains(Expected(kind), error.Message, StringComparison.Ordinal);
        }

        var pipeline = new PersonaPipeline(new LlmPersonaGenerator(new ScriptedChatClient()), new PersonaPipelineOptions { CheckpointPath = path });
        var run = await Assert.ThrowsAsync<IOException>(() => pipeline.RunAsync([], cancellationToken: TestContext.Current.CancellationToken).WaitAsync(NeverBlocks, TestContext.Current.CancellationToken));
        Assert.Contains(Expected(kind), run.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncoderIdWithInvalidUtf8_IsRefusedNamingTheField()
    {
        string path = SaveWithModelId("abcd");
        ReplaceInHeader(path, [0xA4, .. "abcd"u8], [0xA4, (byte)'a', 0xFF, (byte)'c', (byte)'d']); // same length, checksum recomputed

        var load = Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(path));
        var mapped = Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.OpenMapped(path));

        Assert.Contains("encoder model id is not valid UTF-8", load.Message, StringComparison.Ordinal);
        Assert.Contains("encoder model id is not valid UTF-8", mapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncoderIdThatIsANumber_IsRefusedNamingTheField()
    {
        string path = SaveWithModelId("abcd");
        ReplaceInHeader(path, [0xA4, .. "abcd"u8], [0xCE, 0, 0, 0, 7]); // fixstr "abcd" → uint32 7, both 5 bytes

        var error = Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(path));

        Assert.Contains("encoder model id should be a string; found a MessagePack Integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ItemIdWithInvalidUtf8_IsRefused()
    {
        string path = _temp.File("items.p4r");
        var builder = new PersonaIndexBuilder(4, "model", "template");
        builder.Add(new ItemPersonas("item-\u00e9", null, [TestIndexes.MakePersona("item-\u00e9", 0)]), [new float[] { 1, 0, 0, 0 }]);
        builder.Build().Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        byte[] id = [.. "item-"u8, 0xC3, 0xA9];
        int at = bytes.AsSpan().IndexOf(id);
        Assert.True(at > 0);
        bytes[at + 5] = 0xFF; // lone continuation byte: invalid UTF-8
        File.WriteAllBytes(path, RefreshMetadataChecksum(bytes));

        var error = Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(path));

        Assert.Contains("is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }

    private string SaveWithModelId(string modelId)
    {
        string path = _temp.File(modelId + ".p4r");
        var builder = new PersonaIndexBuilder(4, modelId, "template");
        builder.Add(new ItemPersonas("item", null, [TestIndexes.MakePersona("item", 0)]), [new float[] { 1, 0, 0, 0 }]);
        builder.Build().Save(path);
        return path;
    }

    private static void ReplaceInHeader(string path, byte[] find, byte[] replace)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int headerLength = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        Span<byte> header = bytes.AsSpan(IndexFileLayout.PreambleLength, headerLength);
        int at = header.IndexOf(find);
        Assert.True(at >= 0, "the model id was not found in the header");
        replace.CopyTo(header[at..]);
        IndexFileLayout.WritePreamble(bytes.AsSpan(0, IndexFileLayout.PreambleLength), System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), headerLength, XxHash3.HashToUInt64(header));
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Recomputes the metadata checksum in the header (and the header's own), so only the content is hostile.</summary>
    private static byte[] RefreshMetadataChecksum(byte[] bytes)
    {
        int headerLength = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        IndexFileHeader header = MessagePack.MessagePackSerializer.Deserialize<IndexFileHeader>(bytes.AsMemory(IndexFileLayout.PreambleLength, headerLength), IndexFileLayout.ReadOptions);
        header.MetadataChecksum = XxHash3.HashToUInt64(bytes.AsSpan((int)header.MetadataOffset, (int)header.MetadataLength));
        byte[] headerBytes = MessagePack.MessagePackSerializer.Serialize(header, IndexFileLayout.WriteOptions);
        Assert.Equal(headerLength, headerBytes.Length);
        headerBytes.CopyTo(bytes, IndexFileLayout.PreambleLength);
        IndexFileLayout.WritePreamble(bytes.AsSpan(0, IndexFileLayout.PreambleLength), System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)), headerLength, XxHash3.HashToUInt64(headerBytes));
        return bytes;
    }
}
