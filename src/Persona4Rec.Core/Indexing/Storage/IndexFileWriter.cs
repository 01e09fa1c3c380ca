using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <summary>Writes an index file atomically (temporary file, flush, rename).</summary>
internal static class IndexFileWriter
{
    private const int ChunkBytes = 1 << 24;

    /// <summary>A temporary file untouched this long belongs to a killed Save, not a live one (a live Save writes continuously).</summary>
    internal static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>
    /// Deletes what killed Saves of this index left behind: files named exactly <c>.NAME.GUID.tmp</c>
    /// (32 hex digits) beside it, last written before <paramref name="before"/>. Never anything else,
    /// and never a recent one (another process may be saving). Failures are ignored: cleaning up is a courtesy.
    /// </summary>
    internal static int RemoveStaleTemporaries(string directory, string fileName, DateTime before)
    {
        int removed = 0;
        try
        {
            string prefix = "." + fileName + ".";
            foreach (string candidate in Directory.EnumerateFiles(directory, prefix + "*.tmp"))
            {
                string name = Path.GetFileName(candidate);
                if (name.Length == prefix.Length + 32 + ".tmp".Length && name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal)
                    && !name.AsSpan(prefix.Length, 32).ContainsAnyExcept(LowerHex)
                    && File.GetLastWriteTimeUtc(candidate) < before)
                {
                    File.Delete(candidate);
                    removed++;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder we cannot list or a file we cannot delete: leave it.
        }

        return removed;
    }

    public static void Write(PersonaIndex index, string path)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string temporary = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        RemoveStaleTemporaries(directory, Path.GetFileName(fullPath), DateTime.UtcNow - StaleAfter);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                WriteTo(index, stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void WriteTo(PersonaIndex index, Stream stream)
    {
        (byte[] texts, ulong[] blockChecksums) = PersonaTextSectionWriter.Build(index);
        byte[] metadata = MessagePackSerializer.Serialize(BuildMetadataV4(index, blockChecksums), IndexFileLayout.WriteOptions);
        EncodedVectors? encoded = index.Encoded;
        long exactLength = index.HasExactVectors ? (long)index.PersonaCount * index.Dimension * sizeof(float) : 0;
        ulong exactChecksum = index.HasExactVectors ? ForEachLittleEndianChunk(index.Vectors, null) : 0;

        var header = new IndexFileHeader
        {
            Dimension = index.Dimension,
            ItemCount = index.ItemCount,
            PersonaCount = index.PersonaCount,
            EncoderModelId = index.EncoderModelId,
            TemplateId = index.TemplateId,
            MetadataChecksum = XxHash3.HashToUInt64(metadata),
            AlignmentRank = index.Alignment?.Rank ?? 0,
            VectorEncoding = (int)index.VectorEncoding,
        };

        if (encoded is null)
        {
            header.VectorLength = exactLength;
            header.VectorChecksum = exactChecksum;
            WriteSections(stream, header, metadata, s => ForEachLittleEndianChunk(index.Vectors, s), texts: texts);
        }
        else
        {
            header.VectorLength = IndexFileLayout.VectorSectionLength(encoded.Encoding, encoded.PersonaCount, encoded.Dimension);
            header.VectorChecksum = EncodedSection.Write(encoded, null);
            header.ExactVectorLength = exactLength;
            header.ExactVectorChecksum = exactChecksum;
            WriteSections(stream, header, metadata, s => EncodedSection.Write(encoded, s), writeExact: exactLength == 0 ? null : s => ForEachLittleEndianChunk(index.Vectors, s), texts: texts);
        }
    }

    /// <summary>
    /// Lays out and writes preamble, header, metadata, padding, the text section (version 4, when
    /// <paramref name="texts"/> is given) and vectors. Fills in the header's offsets and the
    /// metadata and text lengths; the caller sets everything else, checksums included (tests use
    /// this to forge internally inconsistent files with valid checksums, and older versions).
    /// </summary>
    internal static void WriteSections(
        Stream stream, IndexFileHeader header, byte[] metadata, Func<Stream, ulong> writeVectors, uint version = IndexFileLayout.CurrentVersion, Func<Stream, ulong>? writeExact = null, byte[]? texts = null)
    {
        header.MetadataLength = metadata.Length;
        header.TextLength = texts?.Length ?? 0;

        // Offsets depend on the header's own encoded length; varint sizes can change when offsets
        // grow, so encode until the layout is stable (two rounds in practice).
        byte[] headerBytes = [];
        for (int round = 0; round < 4; round++)
        {
            header.MetadataOffset = IndexFileLayout.PreambleLength + headerBytes.Length;
            header.TextOffset = texts is null ? 0 : IndexFileLayout.AlignUp(header.MetadataOffset + metadata.Length);
            header.VectorOffset = IndexFileLayout.AlignUp(texts is null ? header.MetadataOffset + metadata.Length : header.TextOffset + texts.Length);
            header.ExactVectorOffset = writeExact is null ? 0 : IndexFileLayout.AlignUp(header.VectorOffset + header.VectorLength);
            byte[] encoded = MessagePackSerializer.Serialize(header, IndexFileLayout.WriteOptions);
            bool stable = encoded.Length == headerBytes.Length;
            headerBytes = encoded;
            if (stable)
            {
                break;
            }
        }

        Span<byte> preamble = stackalloc byte[IndexFileLayout.PreambleLength];
        IndexFileLayout.WritePreamble(preamble, version, headerBytes.Length, XxHash3.HashToUInt64(headerBytes));
        stream.Write(preamble);
        stream.Write(headerBytes);
        stream.Write(metadata);
        Span<byte> zeros = stackalloc byte[IndexFileLayout.VectorAlignment];
        zeros.Clear();
        long written = header.MetadataOffset + metadata.Length;
        if (texts is not null)
        {
            stream.Write(zeros[..(int)(header.TextOffset - written)]);
            stream.Write(texts);
            written = header.TextOffset + texts.Length;
        }

        stream.Write(zeros[..(int)(header.VectorOffset - written)]);
        _ = writeVectors(stream);
        if (writeExact is not null)
        {
            stream.Write(zeros[..(int)(header.ExactVectorOffset - (header.VectorOffset + header.VectorLength))]);
            _ = writeExact(stream);
        }
    }

    /// <summary>
    /// Hashes the vectors as little-endian bytes and, when <paramref name="stream"/> is given, writes
    /// them, <paramref name="chunkFloats"/> floats at a time: a byte span cannot cover more than 2 GB,
    /// and the vectors may hold up to 8 GB (<see cref="PersonaIndexLimits.MaxVectorValues"/> floats).
    /// </summary>
    internal static ulong ForEachLittleEndianChunk(ReadOnlySpan<float> vectors, Stream? stream, int chunkFloats = ChunkBytes / sizeof(float))
    {
        var hash = new XxHash3();
        byte[]? buffer = BitConverter.IsLittleEndian ? null : new byte[chunkFloats * sizeof(float)];
        for (int start = 0; start < vectors.Length; start += chunkFloats)
        {
            ReadOnlySpan<float> chunk = vectors.Slice(start, Math.Min(chunkFloats, vectors.Length - start));
            ReadOnlySpan<byte> bytes = buffer is null ? MemoryMarshal.AsBytes(chunk) : ToLittleEndian(chunk, buffer);
            hash.Append(bytes);
            stream?.Write(bytes);
        }

        return hash.GetCurrentHashAsUInt64();
    }

    private static Span<byte> ToLittleEndian(ReadOnlySpan<float> chunk, byte[] buffer)
    {
        Span<byte> target = buffer.AsSpan(0, chunk.Length * sizeof(float));
        for (int i = 0; i < chunk.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(target[(i * sizeof(float))..], chunk[i]);
        }

        return target;
    }

    /// <summary>The version 4 metadata: what opening needs, the texts being in the text section.</summary>
    internal static IndexFileMetadataV4 BuildMetadataV4(PersonaIndex index, ulong[] textBlockChecksums)
    {
        byte[] checksums = new byte[textBlockChecksums.Length * sizeof(ulong)];
        for (int b = 0; b < textBlockChecksums.Length; b++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(checksums.AsSpan(b * sizeof(ulong)), textBlockChecksums[b]);
        }

        return new IndexFileMetadataV4
        {
            ItemIds = index.ItemIds.ToArray(),
            PersonaCounts = PersonaCounts(index),
            TextBlockChecksums = checksums,
            Alignment = Alignment(index),
        };
    }

    /// <summary>The version 1–3 metadata, texts included (tests forge older files with it).</summary>
    internal static IndexFileMetadata BuildMetadata(PersonaIndex index)
    {
        ReadOnlySpan<int> start = index.PersonaStart;
        var records = new IndexFilePersona[index.PersonaCount];
        int item = 0;
        for (int p = 0; p < records.Length; p++)
        {
            while (p >= start[item + 1])
            {
                item++;
            }

            Persona persona = index.PersonaAt(p, item);
            records[p] = new IndexFilePersona
            {
                PersonaId = persona.PersonaId,
                Name = persona.Name,
                Description = persona.Description,
                PreferenceRationale = persona.PreferenceRationale,
                ReviewIds = [.. persona.ReviewIds],
            };
        }

        var summaries = new string?[index.ItemCount];
        for (int i = 0; i < summaries.Length; i++)
        {
            summaries[i] = index.ItemSummaryAt(i);
        }

        return new IndexFileMetadata
        {
            ItemIds = index.ItemIds.ToArray(),
            ItemSummaries = summaries,
            PersonaCounts = PersonaCounts(index),
            Personas = records,
            Alignment = Alignment(index),
        };
    }

    private static int[] PersonaCounts(PersonaIndex index)
    {
        ReadOnlySpan<int> start = index.PersonaStart;
        var counts = new int[index.ItemCount];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = start[i + 1] - start[i];
        }

        return counts;
    }

    private static IndexFileAlignment? Alignment(PersonaIndex index) => index.Alignment is { } layer
        ? new IndexFileAlignment { Up = IndexFileLayout.ToLittleEndianBytes(layer.Up), Down = IndexFileLayout.ToLittleEndianBytes(layer.Down) }
        : null;

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error is more useful than a failure to clean up.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
