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
        string path = Forge(BaseIndex(), null, null, null);
        Assert.Equal(4, PersonaIndex.Load(path).ItemCount);
    }

    [Theory]
    [InlineData(13, "alignment rank is 13; expected 0 to 12")]
    [InlineData(-1, "alignment rank is -1")]
    [InlineData(3, "has 96 bytes; rank × dimension needs 144")]
    public void Load_AlignmentRankDisagreeingWithTheLayer_Rejected(int rank, string expected)
    {
        var error = LoadForgedAligned(h => h.AlignmentRank = rank, null);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AlignmentInOnlyOnePlace_Rejected()
    {
        Assert.Contains("but the metadata holds none", LoadForgedAligned(null, m => m.Alignment = null).Message, StringComparison.Ordinal);
        Assert.Contains("but the header gives none", LoadForgedAligned(h => h.AlignmentRank = 0, null).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AlignmentMatricesMalformed_Rejected()
    {
        Assert.Contains("up matrix should be binary", LoadForgedAligned(null, m => m.Alignment!.Up = null).Message, StringComparison.Ordinal);
        Assert.Contains("down matrix has 92 bytes", LoadForgedAligned(null, m => m.Alignment!.Down = m.Alignment.Down![4..]).Message, StringComparison.Ordinal);
        Assert.Contains("down matrix holds a NaN", LoadForgedAligned(null, m => BitConverter.GetBytes(float.NaN).CopyTo(m.Alignment!.Down!, 8)).Message, StringComparison.Ordinal);
        Assert.Contains("alignment layer, found 3", LoadForgedAligned(null, m => m.Alignment = null, metadata => [.. metadata[..^1], 0x93, 0xc0, 0xc0, 0xc0]).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AlignmentClaimingMoreThanTheMetadataHolds_RejectedBeforeReading()
    {
        PersonaIndex index = TestIndexes.RandomIndex(5, 1, 64, 1, 1).WithAlignment(Persona4Rec.Tests.Alignment.AlignmentLayerTests.RandomLayer(6, 64, 1).Layer);
        var error = LoadForged(h => h.AlignmentRank = 64, index: index);
        Assert.Contains("the metadata section has only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Version1FileWithVersion2Fields_Rejected()
    {
        Assert.Contains("expected 0 to 0 for a version 1 file", LoadForgedAligned(null, null, version: 1).Message, StringComparison.Ordinal);
        Assert.Contains("Expected 4 entries in the metadata section, found 5", LoadForgedMetadata(_ => { }, version: 1).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, 3u, "vector encoding is 3")]
    [InlineData(-1, 3u, "vector encoding is -1")]
    [InlineData(1, 2u, "vector encoding is 1")]
    public void Load_UnknownOrTooNewEncoding_Rejected(int encoding, uint version, string expected)
    {
        var error = LoadForged(h => h.VectorEncoding = encoding, version: version);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Float32IndexClaimingAFloat32Copy_Rejected()
    {
        var error = LoadForged(h => h.ExactVectorLength = 4 * 12 * 12);
        Assert.Contains("float32 copy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Version2FileFromTheVersion2Layout_Loads()
    {
        PersonaIndex loaded = PersonaIndex.Load(Forge(AlignedIndex(), null, null, null, version: 2));
        Assert.Equal((VectorEncoding.Float32, 2), (loaded.VectorEncoding, loaded.Alignment!.Rank));
    }

    [Fact]
    public void Load_UnforgedAlignedBaseline_Loads()
    {
        PersonaIndex loaded = PersonaIndex.Load(Forge(AlignedIndex(), null, null, null));
        Assert.Equal(2, loaded.Alignment!.Rank);
    }

    private PersonaIndexFormatException LoadForgedMetadata(Action<IndexFileMetadata> mutate, uint version = IndexFileLayout.LastVersionWithTextsInMetadata)
    {
        PersonaIndex index = BaseIndex();
        IndexFileMetadata metadata = IndexFileWriter.BuildMetadata(index);
        mutate(metadata);
        return LoadForged(null, MessagePackSerializer.Serialize(metadata, IndexFileLayout.WriteOptions), version: version);
    }

    /// <summary>An aligned index (dimension 12, rank 2) forged with a changed header and metadata.</summary>
    private PersonaIndexFormatException LoadForgedAligned(
        Action<IndexFileHeader>? mutateHeader, Action<IndexFileMetadata>? mutateMetadata, Func<byte[], byte[]>? mutateBytes = null, uint version = IndexFileLayout.LastVersionWithTextsInMetadata)
    {
        PersonaIndex index = AlignedIndex();
        IndexFileMetadata metadata = IndexFileWriter.BuildMetadata(index);
        mutateMetadata?.Invoke(metadata);
        byte[] bytes = MessagePackSerializer.Serialize(metadata, IndexFileLayout.WriteOptions);
        return LoadForged(mutateHeader, mutateBytes?.Invoke(bytes) ?? bytes, index: index, version: version);
    }

    private PersonaIndexFormatException LoadForged(
        Action<IndexFileHeader>? mutateHeader, byte[]? metadata = null, Action<float[]>? mutateVectors = null, PersonaIndex? index = null, uint version = IndexFileLayout.LastVersionWithTextsInMetadata)
    {
        string path = Forge(index ?? BaseIndex(), mutateHeader, metadata, mutateVectors, version);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<PersonaIndexFormatException>(() => PersonaIndex.Load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < IndexLoadProbe.AllocationBound(new FileInfo(path).Length), $"allocated {allocated} bytes");
        return error;
    }

    private static PersonaIndex BaseIndex() => TestIndexes.RandomIndex(5, 4, 12, minPersonas: 2, maxPersonas: 3);

    private static PersonaIndex AlignedIndex() => BaseIndex().WithAlignment(Persona4Rec.Tests.Alignment.AlignmentLayerTests.RandomLayer(6, 12, 2).Layer);

    private string Forge(PersonaIndex index, Action<IndexFileHeader>? mutateHeader, byte[]? metadata, Action<float[]>? mutateVectors, uint version = IndexFileLayout.LastVersionWithTextsInMetadata)
    {
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
            AlignmentRank = index.Alignment?.Rank ?? 0,
        };
        mutateHeader?.Invoke(header);

        string path = _temp.File(Guid.NewGuid().ToString("N") + ".p4r");
        using var stream = File.Create(path);
        IndexFileWriter.WriteSections(stream, header, metadata, s =>
        {
            s.Write(vectorBytes);
            return 0;
        }, version);
        return path;
    }
}
