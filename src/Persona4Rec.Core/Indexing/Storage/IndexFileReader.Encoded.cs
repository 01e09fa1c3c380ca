using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Persona4Rec.Indexing.Storage;

/// <content>Reading and checking a quantised vector section (format version 3).</content>
internal static partial class IndexFileReader
{
    /// <summary>Tolerance on the squared norm of float16 vectors: rounding moves it by about 10⁻³ at most.</summary>
    private const float HalfUnitNormTolerance = 1e-2f;

    /// <summary>The largest int8 scale a unit vector can have (max |v| ≤ 1), with room for rounding.</summary>
    private const float MaxInt8Scale = 1.001f / 127;

    private static EncodedVectors ReadEncodedVectors(SafeFileHandle handle, IndexFileHeader header, CancellationToken cancellationToken = default)
    {
        // Lengths checked against the header and the file size in ValidateHeader.
        var encoding = (VectorEncoding)header.VectorEncoding;
        EncodedVectors encoded = EncodedVectors.Allocate(encoding, header.Dimension, header.PersonaCount);
        if (encoding == VectorEncoding.Float16)
        {
            // Up to 4 GB of halves: read and hashed in chunks, as float32 vectors are.
            Span<Half> halves = encoded.WritableHalves;
            VerifyChecksum("vector", ReadChunks(handle, halves, header.VectorOffset, cancellationToken: cancellationToken), header.VectorChecksum);
            if (!BitConverter.IsLittleEndian)
            {
                Span<ushort> words = MemoryMarshal.Cast<Half, ushort>(halves);
                BinaryPrimitives.ReverseEndianness(words, words);
            }

            CheckHalves(encoded);
            return encoded;
        }

        // int8 codes are one byte per value, so P × D ≤ 2^31 − 64 bytes fit one span.
        Span<byte> values = encoded.WritableCodeBytes;
        ReadExactly(handle, values, header.VectorOffset);
        var hash = new XxHash3();
        hash.Append(values);
        long paddingOffset = header.VectorOffset + values.Length;
        int paddingLength = EncodedSection.Int8Padding(values.Length);
        Span<byte> padding = stackalloc byte[paddingLength];
        ReadExactly(handle, padding, paddingOffset);
        hash.Append(padding);
        Span<byte> scaleBytes = MemoryMarshal.AsBytes(encoded.WritableScales);
        ReadExactly(handle, scaleBytes, paddingOffset + paddingLength);
        hash.Append(scaleBytes);
        VerifyChecksum("vector", hash.GetCurrentHashAsUInt64(), header.VectorChecksum);
        Require(!padding.ContainsAnyExcept((byte)0), "The padding between the int8 codes and their scales holds non-zero bytes.");
        if (!BitConverter.IsLittleEndian)
        {
            Span<int> words = MemoryMarshal.Cast<float, int>(encoded.WritableScales);
            BinaryPrimitives.ReverseEndianness(words, words);
        }

        CheckInt8(encoded);
        return encoded;
    }

    /// <summary>Every half finite, every vector unit length within the float16 tolerance.</summary>
    private static void CheckHalves(EncodedVectors encoded)
    {
        ReadOnlySpan<ushort> bits = MemoryMarshal.Cast<Half, ushort>(encoded.Halves);
        int dimension = encoded.Dimension;
        for (int p = 0; p < encoded.PersonaCount; p++)
        {
            float squaredNorm = 0f;
            foreach (ushort value in bits.Slice(p * dimension, dimension))
            {
                if ((value & 0x7C00) == 0x7C00)
                {
                    throw Format(string.Create(CultureInfo.InvariantCulture, $"Persona vector {p} holds an infinite or NaN float16 value (0x{value:X4})."));
                }

                float f = (float)BitConverter.UInt16BitsToHalf(value);
                squaredNorm += f * f;
            }

            Require(
                MathF.Abs(squaredNorm - 1f) <= HalfUnitNormTolerance,
                string.Create(CultureInfo.InvariantCulture, $"Persona vector {p} has squared norm {squaredNorm}; stored float16 vectors must be unit length."));
        }
    }

    /// <summary>
    /// Every scale finite and in (0, 1/127] (a unit vector's largest value is at most 1), every code
    /// in [-127, 127] and each vector's largest code ±127, as the encoder writes them. The decoded
    /// norm is not checked: int8 rounding can move it far from 1 for legitimate spiky vectors, and
    /// the checks above already bound every score.
    /// </summary>
    private static void CheckInt8(EncodedVectors encoded)
    {
        ReadOnlySpan<sbyte> codes = encoded.Codes;
        ReadOnlySpan<float> scales = encoded.Scales;
        int dimension = encoded.Dimension;
        for (int p = 0; p < encoded.PersonaCount; p++)
        {
            float scale = scales[p];
            Require(
                scale > 0f && scale <= MaxInt8Scale,
                string.Create(CultureInfo.InvariantCulture, $"Persona vector {p} has int8 scale {scale}; expected a finite value in (0, 1/127]."));
            ReadOnlySpan<sbyte> row = codes.Slice(p * dimension, dimension);
            Require(!row.Contains(sbyte.MinValue), $"Persona vector {p} holds the int8 code -128; codes are symmetric, -127 to 127.");
            Require(row.Contains((sbyte)127) || row.Contains((sbyte)-127), $"Persona vector {p} has no int8 code of magnitude 127; the largest value of each vector is encoded as ±127.");
        }
    }
}
