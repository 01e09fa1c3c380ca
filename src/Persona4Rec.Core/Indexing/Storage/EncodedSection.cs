using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// The byte layout of a quantised vector section (docs/index-format.md): float16 values, or int8
/// codes, zero padding to a multiple of 64 bytes, then one float32 scale per persona; all
/// little-endian. The same order is hashed, written and read.
/// </summary>
internal static class EncodedSection
{
    /// <summary>
    /// Hashes the section and, when <paramref name="stream"/> is given, writes it; float16 values
    /// <paramref name="chunkValues"/> at a time (up to 4 GB of them, and a byte span stops at 2 GB).
    /// </summary>
    public static ulong Write(EncodedVectors encoded, Stream? stream, int chunkValues = 1 << 23)
    {
        var hash = new XxHash3();
        void Emit(ReadOnlySpan<byte> bytes)
        {
            hash.Append(bytes);
            stream?.Write(bytes);
        }

        if (encoded.Encoding == VectorEncoding.Float16)
        {
            ReadOnlySpan<ushort> halves = MemoryMarshal.Cast<Half, ushort>(encoded.Halves);
            for (int start = 0; start < halves.Length; start += chunkValues)
            {
                ReadOnlySpan<ushort> chunk = halves.Slice(start, Math.Min(chunkValues, halves.Length - start));
                Emit(BitConverter.IsLittleEndian ? MemoryMarshal.AsBytes(chunk) : ToLittleEndian(chunk));
            }

            return hash.GetCurrentHashAsUInt64();
        }

        ReadOnlySpan<byte> values = encoded.WritableCodeBytes;

        Emit(values);
        Emit(new byte[IndexFileLayout.AlignUp(values.Length) - values.Length]);
        Emit(BitConverter.IsLittleEndian ? MemoryMarshal.AsBytes(encoded.Scales) : IndexFileLayout.ToLittleEndianBytes(encoded.Scales));
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>The int8 padding length between the codes and the scales.</summary>
    public static int Int8Padding(long codeBytes) => (int)(IndexFileLayout.AlignUp(codeBytes) - codeBytes);

    private static byte[] ToLittleEndian(ReadOnlySpan<ushort> values)
    {
        var bytes = new byte[values.Length * sizeof(ushort)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * sizeof(ushort)), values[i]);
        }

        return bytes;
    }
}
