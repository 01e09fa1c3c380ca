using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Persona4Rec.Hnsw;

/// <content>
/// The graph file: a 72-byte little-endian header, then USearch's own serialisation of the graph.
/// <code>
/// 0  "P4RHNSW\n"        8 bytes magic
/// 8  format version     int32 (1)
/// 12 dimension          int32
/// 16 item count         int32
/// 20 persona count      int32
/// 24 quantization       int32 (HnswQuantization)
/// 28 connectivity       int32
/// 32 expansion add      int32
/// 36 expansion search   int32
/// 40 index fingerprint  uint64 (XxHash3 of the index's ids, persona ranges and vectors)
/// 48 payload length     int64
/// 56 payload checksum   uint64 (XxHash3 of the payload)
/// 64 reserved           8 bytes, zero
/// 72 payload            USearch graph
/// </code>
/// The native loader only ever sees a payload whose checksum matched and whose header matches the
/// index it is loaded for. The checksum detects corruption, not tampering: load graph files only
/// from where you load your index files.
/// </content>
public sealed partial class HnswPersonaIndex
{
    private const int HeaderLength = 72;
    private const int FormatVersion = 1;
    private static ReadOnlySpan<byte> Magic => "P4RHNSW\n"u8;

    /// <summary>
    /// Saves the graph to <paramref name="path"/>, atomically: the file is written under a temporary
    /// name in the same folder and renamed over the target, so a reader never sees a partial file.
    /// The exact index is not saved here (save it with <see cref="PersonaIndex.Save"/>).
    /// </summary>
    /// <param name="path">The graph file to write (conventionally <c>*.hnsw</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? ".";
        string stem = $".{Path.GetFileName(full)}.{Guid.NewGuid():N}";
        string nativeTemp = Path.Combine(folder, stem + ".usearch.tmp");
        string temp = Path.Combine(folder, stem + ".tmp");
        try
        {
            _graph.Save(nativeTemp);
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                output.Write(new byte[HeaderLength]);
                var hash = new XxHash3();
                long length = CopyHashing(nativeTemp, output, hash);
                Span<byte> header = stackalloc byte[HeaderLength];
                WriteHeader(header, length, hash.GetCurrentHashAsUInt64());
                output.Position = 0;
                output.Write(header);
                output.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(nativeTemp);
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Loads a graph saved by <see cref="Save"/> for <paramref name="index"/>. The header, the
    /// payload checksum and the index fingerprint are all checked before the native loader runs.
    /// </summary>
    /// <param name="path">The graph file.</param>
    /// <param name="index">The exact index the graph was built over (the same content; it may have been reloaded or memory-mapped since).</param>
    /// <param name="neighboursPerResult">See <see cref="HnswOptions.NeighboursPerResult"/>; 0 for the default.</param>
    /// <returns>The approximate index.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a graph file, is truncated or corrupt, or was built for another index; the message says which.</exception>
    /// <exception cref="PlatformNotSupportedException">USearch has no native library for this platform.</exception>
    public static HnswPersonaIndex Load(string path, PersonaIndex index, int neighboursPerResult = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(index);
        string full = Path.GetFullPath(path);
        if (Persona4Rec.Internal.RegularFile.Problem(full) is { } problem)
        {
            throw new InvalidDataException($"The graph file '{path}' {problem}.");
        }

        string nativeTemp = Path.Combine(Path.GetTempPath(), $"persona4rec-{Guid.NewGuid():N}.usearch");
        try
        {
            HnswOptions options;
            ulong fingerprint;
            using (var input = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                Span<byte> header = stackalloc byte[HeaderLength];
                if (input.ReadAtLeast(header, HeaderLength, throwOnEndOfStream: false) < HeaderLength)
                {
                    throw Invalid(full, $"it is {input.Length} bytes long, shorter than the {HeaderLength}-byte header of a graph file");
                }

                (options, fingerprint, long payloadLength, ulong checksum) = ReadHeader(header, full, index, neighboursPerResult);
                if (payloadLength != input.Length - HeaderLength)
                {
                    throw Invalid(full, $"its header announces a {payloadLength}-byte graph but {input.Length - HeaderLength} bytes follow (truncated or appended to)");
                }

                ulong actual = ComputeFingerprint(index);
                if (actual != fingerprint)
                {
                    throw Invalid(full, $"it was built for a different index (fingerprint {fingerprint:x16}; this index has {actual:x16}); rebuild it with HnswPersonaIndex.Build");
                }

                var hash = new XxHash3();
                using (var output = new FileStream(nativeTemp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    CopyHashing(input, output, hash);
                }

                if (hash.GetCurrentHashAsUInt64() != checksum)
                {
                    throw Invalid(full, "the graph's checksum does not match its header (the file is corrupt)");
                }
            }

            var graph = NativeGraph.Open(nativeTemp);
            if (graph.Size() != (ulong)index.PersonaCount || graph.Dimensions() != (ulong)index.Dimension)
            {
                graph.Dispose();
                throw Invalid(full, "the graph inside holds a different number of vectors or dimension than its header");
            }

            return new HnswPersonaIndex(index, graph, options, fingerprint);
        }
        finally
        {
            File.Delete(nativeTemp);
        }
    }

    /// <summary>
    /// A 64-bit fingerprint of what the graph depends on: dimension, item ids in ordinal order, each
    /// item's persona count, and every persona vector as the index scores it. Reads every vector once.
    /// </summary>
    internal static ulong ComputeFingerprint(PersonaIndex index)
    {
        var hash = new XxHash3();
        Span<int> counts = [index.Dimension, index.ItemCount, index.PersonaCount];
        hash.Append(MemoryMarshal.AsBytes(counts));
        var vector = new float[index.Dimension];
        for (int item = 0; item < index.ItemCount; item++)
        {
            string id = index.GetItemId(item);
            (int start, int count) = index.GetPersonaOrdinals(item).GetOffsetAndLength(index.PersonaCount);
            Span<int> lengths = [id.Length, count];
            hash.Append(MemoryMarshal.AsBytes(lengths));
            hash.Append(MemoryMarshal.AsBytes(id.AsSpan()));
            for (int p = start; p < start + count; p++)
            {
                index.CopyPersonaVector(p, vector);
                hash.Append(MemoryMarshal.AsBytes(vector.AsSpan()));
            }
        }

        return hash.GetCurrentHashAsUInt64();
    }

    private static long CopyHashing(string source, Stream destination, XxHash3 hash)
    {
        using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return CopyHashing(input, destination, hash);
    }

    private static long CopyHashing(Stream source, Stream destination, XxHash3 hash)
    {
        byte[] buffer = new byte[1 << 20];
        long total = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            hash.Append(buffer.AsSpan(0, read));
            destination.Write(buffer, 0, read);
            total += read;
        }

        return total;
    }

    private void WriteHeader(Span<byte> header, long payloadLength, ulong checksum)
    {
        header.Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], Dimension);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], ItemCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], PersonaCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], (int)Options.Quantization);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], Options.Connectivity);
        BinaryPrimitives.WriteInt32LittleEndian(header[32..], Options.ExpansionAdd);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], Options.ExpansionSearch);
        BinaryPrimitives.WriteUInt64LittleEndian(header[40..], Fingerprint);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], payloadLength);
        BinaryPrimitives.WriteUInt64LittleEndian(header[56..], checksum);
    }

    private static (HnswOptions Options, ulong Fingerprint, long PayloadLength, ulong Checksum) ReadHeader(
        ReadOnlySpan<byte> header, string path, PersonaIndex index, int neighboursPerResult)
    {
        if (!header[..8].SequenceEqual(Magic))
        {
            throw Invalid(path, "it does not start with the graph-file magic \"P4RHNSW\" (is it an index file or another format?)");
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            throw Invalid(path, $"it has graph format version {version}; this library reads version {FormatVersion}");
        }

        Expect(path, "dimension", BinaryPrimitives.ReadInt32LittleEndian(header[12..]), index.Dimension);
        Expect(path, "item count", BinaryPrimitives.ReadInt32LittleEndian(header[16..]), index.ItemCount);
        Expect(path, "persona count", BinaryPrimitives.ReadInt32LittleEndian(header[20..]), index.PersonaCount);
        var options = new HnswOptions
        {
            Quantization = (HnswQuantization)BinaryPrimitives.ReadInt32LittleEndian(header[24..]),
            Connectivity = BinaryPrimitives.ReadInt32LittleEndian(header[28..]),
            ExpansionAdd = BinaryPrimitives.ReadInt32LittleEndian(header[32..]),
            ExpansionSearch = BinaryPrimitives.ReadInt32LittleEndian(header[36..]),
            NeighboursPerResult = neighboursPerResult,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName != nameof(HnswOptions.NeighboursPerResult))
        {
            throw Invalid(path, $"its header holds an invalid setting: {e.Message}");
        }

        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
        if (payloadLength <= 0)
        {
            throw Invalid(path, $"its header announces a graph of {payloadLength} bytes");
        }

        return (options, BinaryPrimitives.ReadUInt64LittleEndian(header[40..]), payloadLength, BinaryPrimitives.ReadUInt64LittleEndian(header[56..]));
    }

    private static void Expect(string path, string what, int actual, int expected)
    {
        if (actual != expected)
        {
            throw Invalid(path, $"it was built for an index with {what} {actual}; this index has {expected}");
        }
    }

    private static InvalidDataException Invalid(string path, string reason) =>
        new($"'{path}' is not a usable HNSW graph file for this index: {reason}.");
}
