using Microsoft.Win32.SafeHandles;

namespace Persona4Rec.Indexing.Storage;

/// <content>
/// Opening an index file memory-mapped: the preamble, header, padding and metadata are read and
/// checked exactly as by <see cref="Read"/>; the text section (version 4) and the vector sections
/// are mapped read-only and used in place. Text blocks are verified on first use
/// (<see cref="PersonaTextSection"/>); vector bytes only when the caller asks for it.
/// </content>
internal static partial class IndexFileReader
{
    public static unsafe PersonaIndex Open(string path, bool verifyVectors)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Memory-mapped index files need a little-endian CPU; use PersonaIndex.Load.");
        }

        RequireRegularFile(path);
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long fileLength = RandomAccess.GetLength(handle);
        IndexFileHeader header = ReadHeader(handle, fileLength, out uint version);
        CheckPadding(handle, header);
        ParsedMetadata metadata = ParseMetadata(ReadSection(handle, header), header, version);

        // Version 4 maps the text section too (it sits right before the vectors); older files map the vectors only.
        long mappedStart = header.TextOffset == 0 ? header.VectorOffset : header.TextOffset;
        long mappedLength = fileLength - mappedStart;
        AlignedVectorBlock? exact = null;
        EncodedVectors? encoded = null;
        PersonaTextStore texts = header.TextOffset == 0 ? MetadataTexts(metadata) : null!;
        if (mappedLength > 0)
        {
            var region = new MappedRegion(handle, mappedStart, mappedLength);
            byte* section = region.Pointer + (header.VectorOffset - mappedStart);
            if (header.TextOffset != 0)
            {
                var textSection = new PersonaTextSection(region.Pointer, header.TextLength, header.ItemCount, header.PersonaCount, metadata.TextBlockChecksums!, region);
                if (verifyVectors)
                {
                    textSection.VerifyAll(metadata.PersonaStart, metadata.ItemIds);
                }

                texts = textSection;
            }

            if (header.VectorLength == 0)
            {
                exact = AlignedVectorBlock.Allocate(0);
            }
            else if (header.VectorEncoding == (int)VectorEncoding.Float32)
            {
                exact = AlignedVectorBlock.Wrap(section, (int)(header.VectorLength / sizeof(float)), region);
            }
            else
            {
                encoded = EncodedVectors.Wrap((VectorEncoding)header.VectorEncoding, header.Dimension, header.PersonaCount, section, region);
                if (header.ExactVectorLength > 0)
                {
                    exact = AlignedVectorBlock.Wrap(section + (header.ExactVectorOffset - header.VectorOffset), (int)(header.ExactVectorLength / sizeof(float)), region);
                }
            }

            if (verifyVectors && header.VectorLength > 0)
            {
                VerifyMapped(header, section, exact, encoded);
            }
        }
        else
        {
            exact = AlignedVectorBlock.Allocate(0);
        }

        return CreateIndex(header, metadata, texts, exact, encoded);
    }

    /// <summary>The vector checks of <see cref="Read"/>, over the mapped bytes (this reads every vector page once).</summary>
    private static unsafe void VerifyMapped(IndexFileHeader header, byte* section, AlignedVectorBlock? exact, EncodedVectors? encoded)
    {
        if (encoded is null)
        {
            VerifyChecksum("vector", HashChunks<float>(exact!.Span), header.VectorChecksum);
            CheckUnitNorms(exact.Span, header.Dimension, header.PersonaCount);
            return;
        }

        // Sections over 2 GB (float16 past 2^30 values) are hashed in chunks, never as one span.
        if (encoded.Encoding == VectorEncoding.Int8)
        {
            var hash = new System.IO.Hashing.XxHash3();
            int codeBytes = header.PersonaCount * header.Dimension;
            var padding = new ReadOnlySpan<byte>(section + codeBytes, EncodedSection.Int8Padding(codeBytes));
            hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(encoded.Codes));
            hash.Append(padding);
            AppendChunks(hash, encoded.Scales);
            VerifyChecksum("vector", hash.GetCurrentHashAsUInt64(), header.VectorChecksum);
            Require(!padding.ContainsAnyExcept((byte)0), "The padding between the int8 codes and their scales holds non-zero bytes.");
            CheckInt8(encoded);
        }
        else
        {
            VerifyChecksum("vector", HashChunks(encoded.Halves), header.VectorChecksum);
            CheckHalves(encoded);
        }

        if (exact is not null)
        {
            long gap = header.VectorOffset + header.VectorLength;
            Require(!new ReadOnlySpan<byte>(section + header.VectorLength, (int)(header.ExactVectorOffset - gap)).ContainsAnyExcept((byte)0), "The padding before the float32 copy holds non-zero bytes.");
            VerifyChecksum("float32 copy", HashChunks<float>(exact.Span), header.ExactVectorChecksum);
            CheckUnitNorms(exact.Span, header.Dimension, header.PersonaCount);
        }
    }

    /// <summary>XxHash3 of values' bytes in chunks, so that sections over 2 GB hash too.</summary>
    private static ulong HashChunks<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        var hash = new System.IO.Hashing.XxHash3();
        AppendChunks(hash, values);
        return hash.GetCurrentHashAsUInt64();
    }
}
