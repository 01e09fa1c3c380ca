using System.Buffers.Binary;
using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <summary>Constants and the fixed-size preamble of the index file format (docs/index-format.md).</summary>
internal static class IndexFileLayout
{
    /// <summary>
    /// The format version this library writes: 2 adds the optional alignment layer, 3 quantised
    /// vector encodings, 4 moves the texts out of the metadata into a text section read on demand.
    /// </summary>
    public const uint CurrentVersion = 4;

    /// <summary>The last version that keeps persona texts and item summaries inside the metadata section.</summary>
    public const uint LastVersionWithTextsInMetadata = 3;

    /// <summary>The oldest format version this library still reads.</summary>
    public const uint OldestReadableVersion = 1;

    /// <summary>Magic (8) + version (4) + header length (4) + header checksum (8).</summary>
    public const int PreambleLength = 24;

    /// <summary>The vector section starts at a multiple of this, so it can be memory-mapped and loaded with aligned SIMD reads.</summary>
    public const int VectorAlignment = 64;

    /// <summary>Upper bound for the MessagePack header; a real one is a few hundred bytes.</summary>
    public const int MaxHeaderLength = 1 << 20;

    /// <summary>"P4RINDEX" in ASCII.</summary>
    public static ReadOnlySpan<byte> Magic => "P4RINDEX"u8;

    /// <summary>
    /// MessagePack options for reading: <see cref="MessagePackSecurity.UntrustedData"/> (depth limits,
    /// collision-resistant hashing) and the private-type resolver for the internal file records.
    /// Never the global <see cref="MessagePackSerializer.DefaultOptions"/>.
    /// </summary>
    public static readonly MessagePackSerializerOptions ReadOptions = MessagePackSerializerOptions.Standard
        .WithResolver(MessagePack.Resolvers.StandardResolverAllowPrivate.Instance)
        .WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>MessagePack options for writing.</summary>
    public static readonly MessagePackSerializerOptions WriteOptions = MessagePackSerializerOptions.Standard
        .WithResolver(MessagePack.Resolvers.StandardResolverAllowPrivate.Instance);

    public static void WritePreamble(Span<byte> destination, uint version, int headerLength, ulong headerChecksum)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], version);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)headerLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], headerChecksum);
    }

    /// <summary>Encodes floats as little-endian bytes, the byte order of every float in the file.</summary>
    public static byte[] ToLittleEndianBytes(ReadOnlySpan<float> values)
    {
        byte[] bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    /// <summary>The length of the vector section for an encoding: int8 codes are padded to 64 bytes and followed by the scales.</summary>
    public static long VectorSectionLength(VectorEncoding encoding, long personaCount, long dimension) => encoding switch
    {
        VectorEncoding.Float16 => personaCount * dimension * 2,
        VectorEncoding.Int8 => AlignUp(personaCount * dimension) + (personaCount * sizeof(float)),
        _ => personaCount * dimension * sizeof(float),
    };

    public static long AlignUp(long offset) => (offset + VectorAlignment - 1) / VectorAlignment * VectorAlignment;
}
