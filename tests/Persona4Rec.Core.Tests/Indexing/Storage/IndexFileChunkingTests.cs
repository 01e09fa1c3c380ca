using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Persona4Rec.Indexing.Storage;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Storage;

/// <summary>
/// Vector sections are written, read and hashed in chunks, because one byte span stops at 2 GB
/// while vectors may hold up to 8 GB as float32 and 4 GB as float16
/// (<see cref="PersonaIndexLimits.MaxVectorValues"/> values). A small chunk size exercises the
/// same loops without needing 2 GB of memory.
/// </summary>
public sealed class IndexFileChunkingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(0, 7)]
    [InlineData(1, 7)]
    [InlineData(6, 7)]
    [InlineData(7, 7)]
    [InlineData(8, 7)]
    [InlineData(1000, 7)]
    [InlineData(1000, 1)]
    [InlineData(1000, 1000)]
    public void ForEachLittleEndianChunk_AnyChunkSize_SameBytesAndHashAsOneSpan(int length, int chunkFloats)
    {
        float[] values = TestIndexes.RandomVector(new Random(length), length);
        byte[] expected = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        using var stream = new MemoryStream();

        ulong hash = IndexFileWriter.ForEachLittleEndianChunk(values, stream, chunkFloats);

        Assert.Equal(expected, stream.ToArray());
        Assert.Equal(XxHash3.HashToUInt64(expected), hash);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(4, 5)]
    [InlineData(5, 5)]
    [InlineData(999, 5)]
    [InlineData(999, 1 << 24)]
    public void ReadChunks_AnyChunkSize_ReadsAndHashesTheWholeRange(int length, int chunkFloats) =>
        AssertReadsAndHashes(TestIndexes.RandomVector(new Random(length), length), chunkFloats);

    [Theory]
    [InlineData(0, 5)]
    [InlineData(4, 5)]
    [InlineData(5, 5)]
    [InlineData(999, 5)]
    [InlineData(999, 1)]
    [InlineData(999, 1 << 23)]
    public void ReadChunks_Float16_AnyChunkSize_ReadsAndHashesTheWholeRange(int length, int chunkValues) =>
        AssertReadsAndHashes<Half>([.. TestIndexes.RandomVector(new Random(length), length).Select(v => (Half)v)], chunkValues);

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 7)]
    [InlineData(5, 7)]
    [InlineData(5, 1)]
    [InlineData(5, 1 << 23)]
    public void EncodedSectionWrite_Float16_AnyChunkSize_SameBytesAndHashAsOneSpan(int personas, int chunkValues)
    {
        float[] vectors = [.. Enumerable.Range(0, personas).SelectMany(p => TestIndexes.RandomVector(new Random(p), 48))];
        EncodedVectors encoded = EncodedVectors.Encode(vectors, 48, VectorEncoding.Float16);
        byte[] expected = MemoryMarshal.AsBytes(encoded.Halves).ToArray();
        using var stream = new MemoryStream();

        ulong hash = EncodedSection.Write(encoded, stream, chunkValues);

        Assert.Equal(expected, stream.ToArray());
        Assert.Equal(XxHash3.HashToUInt64(expected), hash);
        Assert.Equal(hash, EncodedSection.Write(encoded, null, chunkValues));
    }

    [Fact]
    public void ReadChunks_CancelledWhileReading_StopsAtTheNextChunk()
    {
        // What Load does when the metadata is refused while the vectors are still being read.
        float[] values = TestIndexes.RandomVector(new Random(3), 1000);
        string path = _temp.File("floats.bin");
        File.WriteAllBytes(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        using SafeFileHandle handle = File.OpenHandle(path);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        float[] target = new float[1000];

        Assert.Throws<OperationCanceledException>(() => IndexFileReader.ReadChunks(handle, target, 0, chunkValues: 100, cancellationToken: cancel.Token));

        Assert.All(target, v => Assert.Equal(0f, v)); // nothing was read
        IndexFileReader.ReadChunks(handle, target, 0, chunkValues: 100, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(values, target);
    }

    /// <summary>Writes the values between foreign bytes and reads them back with <see cref="IndexFileReader.ReadChunks"/>.</summary>
    private void AssertReadsAndHashes<T>(T[] values, int chunkValues)
        where T : unmanaged
    {
        byte[] bytes = [1, 2, 3, .. MemoryMarshal.AsBytes(values.AsSpan()), 9];
        string path = _temp.File("values.bin");
        File.WriteAllBytes(path, bytes);
        var target = new T[values.Length];

        ulong hash;
        using (SafeFileHandle handle = File.OpenHandle(path))
        {
            hash = IndexFileReader.ReadChunks<T>(handle, target, offset: 3, chunkValues, TestContext.Current.CancellationToken);
        }

        Assert.Equal(values, target);
        Assert.Equal(XxHash3.HashToUInt64(bytes.AsSpan(3, bytes.Length - 4)), hash);
    }
}
