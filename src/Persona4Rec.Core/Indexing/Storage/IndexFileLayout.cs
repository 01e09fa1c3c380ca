using System.Buffers.Binary;
using MessagePack;

namespace Persona4Rec.Indexing.Storage;

/// <summary>Constants and the fixed-size preamble of the index file format (docs/index-format.md).</summary>
internal static class IndexFileLayout
{
    /// <summary>The format version this library writes and reads.</summary>
    public const uint CurrentVersion = 1;

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

    public static void WritePreamble(Span<byte> destination, int headerLength, ulong headerChecksum)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], CurrentVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)headerLength);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], headerChecksum);
    }

    public static long AlignUp(long offset) => (offset + VectorAlignment - 1) / VectorAlignment * VectorAlignment;
}
