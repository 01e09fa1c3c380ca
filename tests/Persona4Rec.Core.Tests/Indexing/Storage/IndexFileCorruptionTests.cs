using System.Buffers.Binary;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>Truncated, bit-flipped and random files: only <see cref="PersonaIndexFormatException"/> may come out.</summary>
public sealed class IndexFileCorruptionTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly byte[] _valid;

    public IndexFileCorruptionTests()
    {
        string path = _temp.File("valid.p4r");
        // Aligned, so that every check also covers the version 2 alignment layer.
        TestIndexes.RandomIndex(11, 12, 20).WithAlignment(Persona4Rec.Tests.Alignment.AlignmentLayerTests.RandomLayer(12, 20, 2).Layer).Save(path);
        _valid = File.ReadAllBytes(path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Load_TruncatedAtEveryOffset_ThrowsFormatException()
    {
        for (int length = 0; length < _valid.Length; length++)
        {
            AssertFormatError(_valid.AsSpan(0, length).ToArray(), $"truncated to {length} bytes");
        }
    }

    [Fact]
    public void Load_EverySingleBitFlip_ThrowsFormatException()
    {
        // Every bit of the file is covered: preamble fields, checksummed sections, and the zero padding.
        for (int bit = 0; bit < _valid.Length * 8; bit += 7)
        {
            byte[] bytes = (byte[])_valid.Clone();
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            AssertFormatError(bytes, $"bit {bit} flipped");
        }
    }

    [Fact]
    public void Load_RandomMultiByteCorruption_ThrowsFormatException()
    {
        var random = new Random(1234);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] bytes = (byte[])_valid.Clone();
            int flips = 1 + random.Next(20);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            if (!bytes.AsSpan().SequenceEqual(_valid))
            {
                AssertFormatError(bytes, $"random corruption trial {trial}");
            }
        }
    }

    [Fact]
    public void Load_RandomBytesAndAppendedBytes_ThrowFormatException()
    {
        var random = new Random(99);
        for (int trial = 0; trial < 50; trial++)
        {
            byte[] bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            if (trial % 2 == 0 && bytes.Length >= 8)
            {
                "P4RINDEX"u8.CopyTo(bytes);
            }

            AssertFormatError(bytes, $"random file {trial}");
        }

        AssertFormatError([.. _valid, 0], "one byte appended");
    }

    [Fact]
    public void Load_WrongMagic_NamesWhatWasFound()
    {
        byte[] bytes = (byte[])_valid.Clone();
        "NOTANIDX"u8.CopyTo(bytes);
        var error = AssertFormatError(bytes, "magic");
        Assert.Contains("0x4E4F54414E494458", error.Message, StringComparison.Ordinal);
        Assert.Contains("P4RINDEX", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NewerVersion_NamesBothVersions()
    {
        byte[] bytes = (byte[])_valid.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 7);
        var error = AssertFormatError(bytes, "version");
        Assert.Contains("version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("reads versions 1 to 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ChecksumMismatch_SaysTheFileIsCorrupted()
    {
        byte[] bytes = (byte[])_valid.Clone();
        bytes[^1] ^= 0x40;
        var error = AssertFormatError(bytes, "last byte");
        Assert.Contains("vector checksum does not match", error.Message, StringComparison.Ordinal);
    }

    private PersonaIndexFormatException AssertFormatError(byte[] bytes, string what)
    {
        string path = _temp.File("bad.p4r");
        File.WriteAllBytes(path, bytes);
        IndexLoadProbe.Outcome outcome = IndexLoadProbe.Load(path);
        Assert.True(outcome.Index is null, $"{what}: the corrupted file loaded without error");
        if (outcome.Error is not PersonaIndexFormatException error)
        {
            Assert.Fail($"{what}: expected PersonaIndexFormatException, got {outcome.Error}");
            return null!;
        }

        Assert.True(outcome.ThreadBytes < IndexLoadProbe.AllocationBound(bytes.Length), $"{what}: loading allocated {outcome.ThreadBytes} bytes for a {bytes.Length}-byte file");
        return error;
    }
}
