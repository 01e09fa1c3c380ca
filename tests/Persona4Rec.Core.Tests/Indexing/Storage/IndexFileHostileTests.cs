using System.IO.Hashing;
using System.Runtime.InteropServices;
using MessagePack;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>
/// Files forged with valid checksums but hostile content: lengths, counts and texts that lie.
/// The loader must reject each with <see cref="PersonaIndexFormatException"/> before allocating
/// from the lie.
/// </summary>
public sealed class IndexFileHostileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(int.MaxValue, 1, "persona count")]
    [InlineData(-1, 4, "item count")]
    [InlineData(2, int.MaxValue, "persona")]
    [InlineData(2, 1, "persona count")]
    public void Load_LyingCounts_Rejected(int itemCount, int personaCount, string expected)
    {
        var error = LoadForged(h =>
        {
            h.ItemCount = itemCount;
            h.PersonaCount = personaCount;
        });
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(PersonaIndexLimits.MaxDimension + 1)]
    [InlineData(5)]
    public void Load_LyingDimension_Rejected(int dimension)
    {
        var error = LoadForged(h => h.Dimension = dimension);
        Assert.Contains(dimension is >= 1 and <= PersonaIndexLimits.MaxDimension ? "vector section" : "dimension", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingModelId_Rejected()
    {
        var error = LoadForged(h => h.EncoderModelId = null);
        Assert.Contains("encoder model id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ArrayHeaderClaimingTwoBillionItems_RejectedWithoutAllocating()
    {
        // A MessagePack array32 header (0xdd) claiming 2^31-1 elements, followed by nothing.
        byte[] metadata = [0x94, 0xdd, 0x7f, 0xff, 0xff, 0xff];
        var error = LoadForged(null, metadata);
        Assert.Contains("metadata", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeeplyNestedMetadata_RejectedByDepthLimit()
    {
        byte[] metadata = [.. Enumerable.Repeat((byte)0x91, 10_000), 0xc0];
        LoadForged(null, metadata);
    }

    [Fact]
    public void Load_NegativePersonaCount_Rejected()
    {
        var error = LoadForgedMetadata(m => m.PersonaCounts![0] = -3);
        Assert.Contains("persona count of -3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MorePersonasPerItemThanTheLimit_Rejected()
    {
        var error = LoadForgedMetadata(m => m.PersonaCounts![0] = PersonaIndexLimits.MaxPersonasPerItem + 1);
        Assert.Contains($"persona count of {PersonaIndexLimits.MaxPersonasPerItem + 1}; expected 1 to {PersonaIndexLimits.MaxPersonasPerItem}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateItemIds_Rejected()
    {
        var error = LoadForgedMetadata(m => m.ItemIds![1] = m.ItemIds[0]);
        Assert.Contains("more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NullTexts_Rejected()
    {
        Assert.Contains("persona name of entry 2 should be a string", LoadForgedMetadata(m => m.Personas![2]!.Name = null).Message, StringComparison.Ordinal);
        Assert.Contains("item id 0 is missing", LoadForgedMetadata(m => m.ItemIds![0] = null).Message, StringComparison.Ordinal);
        Assert.Contains("a persona record", LoadForgedMetadata(m => m.Personas![1] = null).Message, StringComparison.Ordinal);
        Assert.Contains("metadata section is not valid", LoadForgedMetadata(m => m.Personas![0]!.ReviewIds = null).Message, StringComparison.Ordinal);
        Assert.Contains("review id of entry 0 should be a string", LoadForgedMetadata(m => m.Personas![0]!.ReviewIds = ["ok", null]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicatePersonaIds_Rejected()
    {
        var error = LoadForgedMetadata(m => m.Personas![1]!.PersonaId = m.Personas[0]!.PersonaId);
        Assert.Contains("persona id appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TrailingBytesInMetadata_Rejected()
    {
        PersonaIndex index = BaseIndex();
        byte[] metadata = [.. MessagePackSerializer.Serialize(IndexFileWriter.BuildMetadata(index), IndexFileLayout.WriteOptions, TestContext.Current.CancellationToken), 0xc0];
        Assert.Contains("after its end", LoadForged(null, metadata).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ShortArrays_Rejected()
    {
        Assert.Contains("item ids", LoadForgedMetadata(m => m.ItemIds = m.ItemIds![1..]).Message, StringComparison.Ordinal);
        Assert.Contains("personas, found", LoadForgedMetadata(m => m.Personas = m.Personas![1..]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NonFiniteOrNonUnitVectors_Rejected()
    {
        Assert.Contains("unit length", LoadForged(null, null, v => v[5] = float.NaN).Message, StringComparison.Ordinal);
        Assert.Contains("unit length", LoadForged(null, null, v => v[0] *= 3).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnforgedBaseline_Loads()
    {
        // The forging helper itself produces loadable files when nothing is changed.
        string path = Forge(null, null, null);
        Assert.Equal(4, PersonaIndex.Load(path).ItemCount);
    }

    private PersonaIndexFormatException LoadForgedMetadata(Action<IndexFileMetadata> mutate)
    {
        PersonaIndex index = BaseIndex();
        IndexFileMetadata metadata = IndexFileWriter.BuildMetadata(index);
        mutate(metadata);
        return LoadForged(null, MessagePackSerializer.Serialize(metadata, IndexFileLayout.WriteOptions));
    }

    private PersonaIndexFormatException LoadForged(Action<IndexFileHeader>? mutateHeader, byte[]? metadata = null, Action<float[]>? mutateVectors = null)
    {
        string path = Forge(mutateHeader, metadata, mutateVectors);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < IndexLoadProbe.AllocationBound(new FileInfo(path).Length), $"allocated {allocated} bytes");
        return error;
    }

    private static PersonaIndex BaseIndex() => TestIndexes.RandomIndex(5, 4, 12, minPersonas: 2, maxPersonas: 3);

    private string Forge(Action<IndexFileHeader>? mutateHeader, byte[]? metadata, Action<float[]>? mutateVectors)
    {
        PersonaIndex index = BaseIndex();
        metadata ??= MessagePackSerializer.Serialize(IndexFileWriter.BuildMetadata(index), IndexFileLayout.WriteOptions);
        float[] vectors = index.Vectors.ToArray();
        mutateVectors?.Invoke(vectors);
        byte[] vectorBytes = MemoryMarshal.AsBytes(vectors.AsSpan()).ToArray();
        var header = new IndexFileHeader
        {
            Dimension = index.Dimension,
            ItemCount = index.ItemCount,
            PersonaCount = index.PersonaCount,
            EncoderModelId = index.EncoderModelId,
            TemplateId = index.TemplateId,
            MetadataChecksum = XxHash3.HashToUInt64(metadata),
            VectorLength = vectorBytes.Length,
            VectorChecksum = XxHash3.HashToUInt64(vectorBytes),
        };
        mutateHeader?.Invoke(header);

        string path = _temp.File(Guid.NewGuid().ToString("N") + ".p4r");
        using var stream = File.Create(path);
        IndexFileWriter.WriteSections(stream, header, metadata, s =>
        {
            s.Write(vectorBytes);
            return 0;
        });
        return path;
    }
}
