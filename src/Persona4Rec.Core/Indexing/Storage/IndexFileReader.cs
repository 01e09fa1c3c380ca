using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using MessagePack;
using Microsoft.Win32.SafeHandles;
using Persona4Rec.Internal;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// Reads and validates an index file. Nothing is allocated from a length field before that
/// length has been checked against the header and the real file size, and checksums are verified
/// before MessagePack parses a section, so the work done on a hostile file is bounded by its size.
/// </summary>
internal static partial class IndexFileReader
{
    /// <summary>Tolerance on the squared norm of stored vectors; float rounding stays far below it.</summary>
    private const float UnitNormTolerance = 1e-3f;

    public static PersonaIndex Read(string path)
    {
        RequireRegularFile(path);
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long fileLength = RandomAccess.GetLength(handle);
        IndexFileHeader header = ReadHeader(handle, fileLength, out uint version);
        CheckPadding(handle, header);

        // The vector section (bandwidth-bound) is read and verified on another thread while this
        // one parses the metadata and texts (CPU-bound); both only touch ranges already checked against the file size.
        // A metadata error cancels the vector read at its next 64 MB chunk: a hostile multi-gigabyte
        // file with a consistent header is not read (nor its pages touched) to the end before it is refused.
        using var cancelVectors = new CancellationTokenSource();
        Task<(AlignedVectorBlock? Exact, EncodedVectors? Encoded)> vectors = Task.Run(() => ReadAllVectors(handle, header, cancelVectors.Token));
        ParsedMetadata metadata;
        PersonaTextStore texts;
        try
        {
            metadata = ParseMetadata(ReadSection(handle, header), header, version);
            texts = metadata.TextBlockChecksums is null ? MetadataTexts(metadata) : ReadTexts(handle, header, metadata);
        }
        catch
        {
            // The vector read uses the handle; stop it, and let it end before the handle is closed.
            cancelVectors.Cancel();
            try
            {
                vectors.Wait();
            }
            catch (AggregateException)
            {
                // Cancelled, or a vector error: the metadata error is the one reported.
            }

            throw;
        }

        (AlignedVectorBlock? exact, EncodedVectors? encoded) = vectors.GetAwaiter().GetResult();
        return CreateIndex(header, metadata, texts, exact, encoded);
    }

    private static PersonaIndex CreateIndex(IndexFileHeader header, ParsedMetadata metadata, PersonaTextStore texts, AlignedVectorBlock? exact, EncodedVectors? encoded) =>
        new(
            header.Dimension,
            header.EncoderModelId!,
            header.TemplateId!,
            metadata.ItemIds,
            null,
            metadata.PersonaStart,
            null,
            exact,
            metadata.Ordinals,
            texts,
            metadata.Alignment,
            encoded);

    private static MetadataTextStore MetadataTexts(ParsedMetadata metadata) => new(metadata.Bytes, metadata.RecordOffsets!, metadata.ItemSummaries!);

    /// <summary>Version 4 <see cref="Read"/>: the whole text section into a pinned array, every block and record verified now.</summary>
    private static unsafe PersonaTextSection ReadTexts(SafeFileHandle handle, IndexFileHeader header, ParsedMetadata metadata)
    {
        Require(header.TextLength <= Array.MaxLength, $"The text section is {header.TextLength} bytes long; Load reads at most {Array.MaxLength} (OpenMapped has no such limit).");
        byte[] bytes = GC.AllocateUninitializedArray<byte>((int)header.TextLength, pinned: true);
        ReadExactly(handle, bytes, header.TextOffset);
        var section = new PersonaTextSection((byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(bytes)), bytes.Length, header.ItemCount, header.PersonaCount, metadata.TextBlockChecksums!, bytes);
        section.VerifyAll(metadata.PersonaStart, metadata.ItemIds);
        return section;
    }

    private static IndexFileHeader ReadHeader(SafeFileHandle handle, long fileLength, out uint version)
    {
        if (fileLength < IndexFileLayout.PreambleLength)
        {
            throw Format($"The file is {fileLength} bytes long; an index file starts with a {IndexFileLayout.PreambleLength}-byte preamble.");
        }

        Span<byte> preamble = stackalloc byte[IndexFileLayout.PreambleLength];
        ReadExactly(handle, preamble, 0);
        if (!preamble[..8].SequenceEqual(IndexFileLayout.Magic))
        {
            throw Format($"Expected the magic bytes 'P4RINDEX' at offset 0, found {Describe(preamble[..8])}: this is not a Persona4Rec index file.");
        }

        version = BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..]);
        if (version is < IndexFileLayout.OldestReadableVersion or > IndexFileLayout.CurrentVersion)
        {
            throw Format($"The file has format version {version}; this library reads versions {IndexFileLayout.OldestReadableVersion} to {IndexFileLayout.CurrentVersion}.");
        }

        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(preamble[12..]);
        ulong headerChecksum = BinaryPrimitives.ReadUInt64LittleEndian(preamble[16..]);
        if (headerLength == 0 || headerLength > IndexFileLayout.MaxHeaderLength || IndexFileLayout.PreambleLength + headerLength > fileLength)
        {
            long room = Math.Min(IndexFileLayout.MaxHeaderLength, fileLength - IndexFileLayout.PreambleLength);
            throw Format(room < 1
                ? $"The file is {fileLength} bytes long and ends right after its {IndexFileLayout.PreambleLength}-byte preamble: the header (the preamble says {headerLength} bytes) is missing. The file is truncated."
                : $"The header length field says {headerLength} bytes; expected 1 to {room} for this {fileLength}-byte file.");
        }

        byte[] headerBytes = new byte[headerLength];
        ReadExactly(handle, headerBytes, IndexFileLayout.PreambleLength);
        VerifyChecksum("header", headerBytes, headerChecksum);
        VerifyHeaderStrings(headerBytes);
        IndexFileHeader header = Deserialize<IndexFileHeader>("header", headerBytes);
        ValidateHeader(header, version, IndexFileLayout.PreambleLength + headerLength, fileLength);
        return header;
    }

    /// <summary>
    /// The header's strings (encoder model id, template id) must be MessagePack strings of valid
    /// UTF-8: a number, or bytes a writer never wrote, would otherwise be read leniently and compared
    /// with the encoder as if it were the id.
    /// </summary>
    private static void VerifyHeaderStrings(byte[] headerBytes)
    {
        try
        {
            var reader = new MessagePackReader(headerBytes);
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                return; // Deserialize reports a header that is not an array
            }

            int count = reader.ReadArrayHeader();
            for (int key = 0; key < count; key++)
            {
                string? field = key switch { 3 => "encoder model id", 4 => "template id", _ => null };
                if (field is null || reader.NextMessagePackType == MessagePackType.Nil)
                {
                    reader.Skip();
                    continue;
                }

                Require(reader.NextMessagePackType == MessagePackType.String, $"The header's {field} should be a string; found a MessagePack {reader.NextMessagePackType}.");
                ReadOnlySequence<byte> text = reader.ReadStringSequence()!.Value;
                Require(System.Text.Unicode.Utf8.IsValid(text.IsSingleSegment ? text.FirstSpan : text.ToArray()), $"The header's {field} is not valid UTF-8.");
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            throw Format($"The header section is not valid MessagePack: {e.Message}", e);
        }
    }

    private static void ValidateHeader(IndexFileHeader h, uint version, long metadataOffset, long fileLength)
    {
        Require(h.Dimension is >= 1 and <= PersonaIndexLimits.MaxDimension, $"The dimension is {h.Dimension}; expected 1 to {PersonaIndexLimits.MaxDimension}.");
        Require(h.ItemCount >= 0, $"The item count is {h.ItemCount}; expected a non-negative number.");
        Require(h.PersonaCount >= h.ItemCount, $"The persona count is {h.PersonaCount} for {h.ItemCount} items; every item has at least one persona.");
        Require(!string.IsNullOrEmpty(h.EncoderModelId) && h.EncoderModelId.Length <= PersonaIndexLimits.MaxStringLength, "The encoder model id is missing or too long.");
        Require(!string.IsNullOrEmpty(h.TemplateId) && h.TemplateId.Length <= PersonaIndexLimits.MaxStringLength, "The template id is missing or too long.");
        long values = (long)h.PersonaCount * h.Dimension;
        Require(values <= PersonaIndexLimits.MaxVectorValues, $"{h.PersonaCount} personas of dimension {h.Dimension} hold {values} values; at most {PersonaIndexLimits.MaxVectorValues} are supported.");
        Require(h.MetadataOffset == metadataOffset, $"The metadata section starts at offset {h.MetadataOffset}; expected {metadataOffset}, right after the header.");
        Require(h.MetadataLength >= 1 && h.MetadataLength <= fileLength - metadataOffset, fileLength - metadataOffset < 1
            ? $"The file is {fileLength} bytes long and ends right after its header: the metadata section ({h.MetadataLength} bytes, says the header) is missing. The file is truncated."
            : $"The metadata section is {h.MetadataLength} bytes long; expected 1 to {fileLength - metadataOffset} for this {fileLength}-byte file.");
        long expectedVectorOffset = ValidateTextSection(h, version, IndexFileLayout.AlignUp(metadataOffset + h.MetadataLength), fileLength);
        Require(h.VectorOffset == expectedVectorOffset, $"The vector section starts at offset {h.VectorOffset}; expected {expectedVectorOffset}.");
        Require(
            h.VectorEncoding is >= 0 and <= (int)VectorEncoding.Int8 && (version >= 3 || h.VectorEncoding == 0),
            $"The vector encoding is {h.VectorEncoding}; expected 0 (float32){(version >= 3 ? ", 1 (float16) or 2 (int8)" : string.Empty)} for a version {version} file.");
        var encoding = (VectorEncoding)h.VectorEncoding;
        long vectorLength = IndexFileLayout.VectorSectionLength(encoding, h.PersonaCount, h.Dimension);
        Require(h.VectorLength == vectorLength, $"The vector section is {h.VectorLength} bytes long; expected {vectorLength} ({h.PersonaCount} × {h.Dimension} {encoding}).");
        long end = h.VectorOffset + h.VectorLength;
        if (encoding == VectorEncoding.Float32 || h.ExactVectorLength == 0)
        {
            Require(h.ExactVectorOffset == 0 && h.ExactVectorLength == 0 && h.ExactVectorChecksum == 0, "The header describes a float32 copy of the vectors, but the index is float32 already or the copy is empty.");
        }
        else
        {
            long exactOffset = IndexFileLayout.AlignUp(end);
            Require(h.ExactVectorOffset == exactOffset, $"The float32 copy starts at offset {h.ExactVectorOffset}; expected {exactOffset}.");
            Require(h.ExactVectorLength == values * sizeof(float), $"The float32 copy is {h.ExactVectorLength} bytes long; expected {values * sizeof(float)} ({h.PersonaCount} × {h.Dimension} float32).");
            end = exactOffset + h.ExactVectorLength;
        }

        Require(end == fileLength, $"The file is {fileLength} bytes long; the header describes {end} bytes (truncated or extended).");
        int maxRank = version == 1 ? 0 : h.Dimension;
        Require(h.AlignmentRank >= 0 && h.AlignmentRank <= maxRank, $"The alignment rank is {h.AlignmentRank}; expected 0 to {maxRank} for a version {version} file of dimension {h.Dimension}.");
        long alignmentValues = (long)h.AlignmentRank * h.Dimension;
        Require(alignmentValues <= PersonaIndexLimits.MaxAlignmentValues, $"An alignment layer of rank {h.AlignmentRank} and dimension {h.Dimension} holds {alignmentValues} values per matrix; at most {PersonaIndexLimits.MaxAlignmentValues} are supported.");
        Require(2 * alignmentValues * sizeof(float) < h.MetadataLength, $"An alignment layer of rank {h.AlignmentRank} needs {2 * alignmentValues * sizeof(float)} bytes; the metadata section has only {h.MetadataLength}.");
    }

    /// <summary>Checks where the version 4 text section lies (none before version 4) and returns where the vector section must start.</summary>
    private static long ValidateTextSection(IndexFileHeader h, uint version, long textOffset, long fileLength)
    {
        if (version <= IndexFileLayout.LastVersionWithTextsInMetadata)
        {
            Require(h.TextOffset == 0 && h.TextLength == 0, $"A version {version} file keeps its texts in the metadata, but the header describes a text section.");
            return textOffset;
        }

        long minimum = PersonaTextSection.OffsetTableLength((long)h.ItemCount + h.PersonaCount);
        Require(h.TextOffset == textOffset, $"The text section starts at offset {h.TextOffset}; expected {textOffset}.");
        Require(
            h.TextLength >= minimum && h.TextLength <= fileLength - textOffset,
            $"The text section is {h.TextLength} bytes long; expected {minimum} (its offset table) to {fileLength - textOffset} for this {fileLength}-byte file.");
        return IndexFileLayout.AlignUp(textOffset + h.TextLength);
    }

    private static byte[] ReadSection(SafeFileHandle handle, IndexFileHeader header)
    {
        // Bounded by the file length (checked in ValidateHeader) and by the largest array here.
        Require(header.MetadataLength <= Array.MaxLength, $"The metadata section is {header.MetadataLength} bytes long; at most {Array.MaxLength} are supported.");
        byte[] bytes = new byte[header.MetadataLength];
        ReadExactly(handle, bytes, header.MetadataOffset);
        VerifyChecksum("metadata", bytes, header.MetadataChecksum);
        return bytes;
    }

    private static void CheckPadding(SafeFileHandle handle, IndexFileHeader header)
    {
        long metadataEnd = header.MetadataOffset + header.MetadataLength;
        if (header.TextOffset == 0)
        {
            CheckZeros(handle, metadataEnd, (int)(header.VectorOffset - metadataEnd), "before the vector section");
            return;
        }

        long textEnd = header.TextOffset + header.TextLength;
        CheckZeros(handle, metadataEnd, (int)(header.TextOffset - metadataEnd), "before the text section");
        CheckZeros(handle, textEnd, (int)(header.VectorOffset - textEnd), "before the vector section");
    }

    private static void CheckZeros(SafeFileHandle handle, long offset, int length, string where)
    {
        Span<byte> padding = stackalloc byte[IndexFileLayout.VectorAlignment];
        padding = padding[..length];
        ReadExactly(handle, padding, offset);
        Require(!padding.ContainsAnyExcept((byte)0), $"The padding {where} (offsets {offset} to {offset + length}) holds non-zero bytes.");
    }

    private static (AlignedVectorBlock? Exact, EncodedVectors? Encoded) ReadAllVectors(SafeFileHandle handle, IndexFileHeader header, CancellationToken cancellationToken = default)
    {
        if (header.VectorEncoding == (int)VectorEncoding.Float32)
        {
            return (ReadVectors(handle, header, header.VectorOffset, header.VectorLength, header.VectorChecksum, "vector", cancellationToken), null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        EncodedVectors encoded = ReadEncodedVectors(handle, header, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (header.ExactVectorLength == 0)
        {
            return (null, encoded);
        }

        long gap = header.VectorOffset + header.VectorLength;
        CheckZeros(handle, gap, (int)(header.ExactVectorOffset - gap), "before the float32 copy");
        return (ReadVectors(handle, header, header.ExactVectorOffset, header.ExactVectorLength, header.ExactVectorChecksum, "float32 copy", cancellationToken), encoded);
    }

    private static AlignedVectorBlock ReadVectors(SafeFileHandle handle, IndexFileHeader header, long offset, long length, ulong checksum, string section, CancellationToken cancellationToken)
    {
        // Length checked against the header and the file size in ValidateHeader.
        var block = AlignedVectorBlock.Allocate((int)(length / sizeof(float)));
        Span<float> vectors = block.Span;
        VerifyChecksum(section, ReadChunks(handle, vectors, offset, cancellationToken: cancellationToken), checksum);
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(vectors);
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        CheckUnitNorms(vectors, header.Dimension, header.PersonaCount);
        return block;
    }

    /// <summary>
    /// Reads raw values (float32 or float16) into <paramref name="target"/> and hashes their bytes,
    /// <paramref name="chunkValues"/> at a time: one byte span cannot cover more than 2 GB, and
    /// vectors may hold up to 8 GB (float32) or 4 GB (float16).
    /// </summary>
    internal static ulong ReadChunks<T>(SafeFileHandle handle, Span<T> target, long offset, int chunkValues = 1 << 24, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        var hash = new XxHash3();
        for (int start = 0; start < target.Length; start += chunkValues)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Span<byte> bytes = MemoryMarshal.AsBytes(target.Slice(start, Math.Min(chunkValues, target.Length - start)));
            ReadExactly(handle, bytes, offset);
            hash.Append(bytes);
            offset += bytes.Length;
        }

        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Appends the bytes of <paramref name="values"/> to <paramref name="hash"/>, <paramref name="chunkValues"/> values at a time (a byte span stops at 2 GB).</summary>
    internal static void AppendChunks<T>(XxHash3 hash, ReadOnlySpan<T> values, int chunkValues = 1 << 24)
        where T : unmanaged
    {
        for (int start = 0; start < values.Length; start += chunkValues)
        {
            hash.Append(MemoryMarshal.AsBytes(values.Slice(start, Math.Min(chunkValues, values.Length - start))));
        }
    }

    private static void CheckUnitNorms(ReadOnlySpan<float> vectors, int dimension, int personaCount)
    {
        for (int p = 0; p < personaCount; p++)
        {
            float squaredNorm = TensorPrimitives.SumOfSquares(vectors.Slice(p * dimension, dimension));
            if (!(MathF.Abs(squaredNorm - 1f) <= UnitNormTolerance))
            {
                throw Format(string.Create(CultureInfo.InvariantCulture, $"Persona vector {p} has squared norm {squaredNorm}; stored vectors must be finite and unit length."));
            }
        }
    }

    private static T Deserialize<T>(string section, byte[] bytes)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            T value = MessagePackSerializer.Deserialize<T>(ref reader, IndexFileLayout.ReadOptions);
            Require(reader.End, $"The {section} section has {bytes.Length - reader.Consumed} bytes after its end.");
            Require(value is not null, $"The {section} section is empty (nil).");
            return value;
        }
        catch (MessagePackSerializationException e)
        {
            throw Format($"The {section} section is not valid MessagePack for this format version: {e.Message}", e);
        }
        catch (EndOfStreamException e)
        {
            throw Format($"The {section} section ends too early.", e);
        }
    }

    private static void VerifyChecksum(string section, ReadOnlySpan<byte> bytes, ulong expected) =>
        VerifyChecksum(section, XxHash3.HashToUInt64(bytes), expected);

    private static void VerifyChecksum(string section, ulong actual, ulong expected)
    {
        Require(actual == expected, $"The {section} checksum does not match: the file says {expected:X16}, the content hashes to {actual:X16} (the file is corrupted).");
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw Format($"The file ended at offset {offset} while {buffer.Length} more bytes were expected.");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }

    public static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw Format(message);
        }
    }

    private static string Describe(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder("0x");
        foreach (byte b in bytes)
        {
            builder.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    /// <summary>A FIFO would block the open, a device would never end: neither is an index file.</summary>
    private static void RequireRegularFile(string path)
    {
        if (RegularFile.Problem(path) is { } problem)
        {
            throw Format($"The index file '{path}' {problem}.");
        }
    }

    private static PersonaIndexFormatException Format(string message, Exception? inner = null) =>
        inner is null ? new(message) : new(message, inner);
}
