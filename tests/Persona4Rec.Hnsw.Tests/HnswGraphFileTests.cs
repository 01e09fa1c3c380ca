using System.Buffers.Binary;

namespace Persona4Rec.Hnsw.Tests;

public sealed class HnswGraphFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "p4r-hnsw-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ClusteredCatalogue _catalogue = new(items: 600, personasPerItem: 4, dimension: 32, seed: 21);
    private readonly HnswPersonaIndex _graph;

    public HnswGraphFileTests()
    {
        Directory.CreateDirectory(_folder);
        _graph = HnswPersonaIndex.Build(_catalogue.Index, new HnswOptions { Connectivity = 12, ExpansionAdd = 40, NeighboursPerResult = 6 }, cancellationToken: TestContext.Current.CancellationToken);
    }

    public void Dispose()
    {
        _graph.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void SaveThenLoad_AnswersExactlyAsBefore_AndKeepsTheBuildSettings()
    {
        string path = Path.Combine(_folder, "catalogue.hnsw");
        _graph.Save(path);

        using HnswPersonaIndex loaded = HnswPersonaIndex.Load(path, _catalogue.Index, neighboursPerResult: 6);

        Assert.Equal(_graph.Options, loaded.Options);
        foreach (ReadOnlyMemory<float> user in _catalogue.Users(40))
        {
            Assert.Equal(_graph.Search(user.Span, 10), loaded.Search(user.Span, 10));
        }

        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public async Task Load_AFifoOrADirectory_IsRefusedNamingIt_WithoutBlocking()
    {
        string directory = Directory.CreateDirectory(Path.Combine(_folder, "graph.hnsw")).FullName;
        var error = Assert.Throws<InvalidDataException>(() => HnswPersonaIndex.Load(directory, _catalogue.Index));
        Assert.Contains("is a directory, not a file", error.Message, StringComparison.Ordinal);

        Assert.SkipUnless(OperatingSystem.IsLinux(), "FIFOs are recognised with statx on Linux");
        string fifo = Path.Combine(_folder, "graph.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        // No writer: an open for reading would block forever.
        var refused = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Task.Run(() => HnswPersonaIndex.Load(fifo, _catalogue.Index)).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Contains("is a FIFO (named pipe)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ForAReloadedCopyOfTheIndex_Works()
    {
        string indexPath = Path.Combine(_folder, "catalogue.p4r");
        string graphPath = Path.Combine(_folder, "catalogue.hnsw");
        _catalogue.Index.Save(indexPath);
        _graph.Save(graphPath);
        PersonaIndex mapped = PersonaIndex.OpenMapped(indexPath);

        using HnswPersonaIndex loaded = HnswPersonaIndex.Load(graphPath, mapped);

        foreach (ReadOnlyMemory<float> user in _catalogue.Users(20))
        {
            // The mapped index hands out its own Persona instances: compare what they say.
            Assert.Equal(
                _graph.Search(user.Span, 10).Select(r => (r.ItemId, r.Score, r.MatchedPersona.PersonaId)),
                loaded.Search(user.Span, 10).Select(r => (r.ItemId, r.Score, r.MatchedPersona.PersonaId)));
        }
    }

    [Fact]
    public void Save_OverAnExistingFile_ReplacesIt()
    {
        string path = Path.Combine(_folder, "catalogue.hnsw");
        File.WriteAllText(path, "old");

        _graph.Save(path);

        using HnswPersonaIndex loaded = HnswPersonaIndex.Load(path, _catalogue.Index);
        Assert.Equal(_catalogue.Index.PersonaCount, loaded.PersonaCount);
    }

    [Fact]
    public void Load_GraphOfAnotherIndex_IsRefusedByFingerprint()
    {
        string path = Path.Combine(_folder, "catalogue.hnsw");
        _graph.Save(path);
        // Same shape (ids, counts, dimension), different vectors.
        var other = new ClusteredCatalogue(items: 600, personasPerItem: 4, dimension: 32, seed: 22);

        var e = Assert.Throws<InvalidDataException>(() => HnswPersonaIndex.Load(path, other.Index));

        Assert.Contains("different index", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GraphOfASmallerIndex_NamesTheCountThatDiffers()
    {
        string path = Path.Combine(_folder, "catalogue.hnsw");
        _graph.Save(path);
        var other = new ClusteredCatalogue(items: 500, personasPerItem: 4, dimension: 32, seed: 21);

        var e = Assert.Throws<InvalidDataException>(() => HnswPersonaIndex.Load(path, other.Index));

        Assert.Contains("item count 600", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AFlippedByteInTheGraph_IsDetectedByChecksum()
    {
        string path = Path.Combine(_folder, "catalogue.hnsw");
        _graph.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => HnswPersonaIndex.Load(path, _catalogue.Index));

        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(72)]
    [InlineData(500)]
    public void Load_TruncatedFile_IsRefused(int keep)
    {
        string path = Path.Combine(_folder, "catalogue.hnsw");
        _graph.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..keep]);

        var e = Assert.Throws<InvalidDataException>(() => HnswPersonaIndex.Load(path, _catalogue.Index));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AnIndexFileInsteadOfAGraph_SaysItIsNotAGraphFile()
    {
        string path = Path.Combine(_folder, "catalogue.p4r");
        _catalogue.Index.Save(path);

        var e = Assert.Throws<InvalidDataException>(() => HnswPersonaIndex.Load(path, _catalogue.Index));

        Assert.Contains("magic", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(8, 2, "format version 2")]
    [InlineData(24, 9, "Quantization")]
    [InlineData(28, 100_000, "Connectivity")]
    [InlineData(48, -5, "-5 bytes")]
    public void Load_HostileHeaderField_IsRefusedWithTheReason(int offset, int value, string expected)
    {
        string path = Path.Combine(_folder, "catalogue.hnsw");
        _graph.Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        if (offset == 48)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(offset), value);
        }
        else
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(offset), value);
        }

        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => HnswPersonaIndex.Load(path, _catalogue.Index));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => HnswPersonaIndex.Load(Path.Combine(_folder, "none.hnsw"), _catalogue.Index));
    }
}
