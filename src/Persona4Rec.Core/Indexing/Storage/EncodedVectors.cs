using System.Diagnostics;
using System.Runtime.InteropServices;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec.Indexing.Storage;

/// <summary>
/// Persona vectors in a quantised encoding: float16 values, or int8 codes with one float32 scale
/// per persona. The values live in one 64-byte-aligned block (viewed as halves or bytes).
/// </summary>
internal sealed class EncodedVectors
{
    private readonly AlignedVectorBlock _block;
    private readonly AlignedVectorBlock _scales;
    private readonly int _values;

    private EncodedVectors(VectorEncoding encoding, int dimension, int personaCount, AlignedVectorBlock block, AlignedVectorBlock scales)
    {
        Debug.Assert(encoding != VectorEncoding.Float32);
        Encoding = encoding;
        Dimension = dimension;
        PersonaCount = personaCount;
        _block = block;
        _scales = scales;
        _values = personaCount * dimension;
    }

    public VectorEncoding Encoding { get; }

    /// <summary>Gets the block that holds the values (mapped or allocated).</summary>
    public AlignedVectorBlock ValueBlock => _block;

    public int Dimension { get; }

    public int PersonaCount { get; }

    /// <summary>Gets the float16 values (a <see cref="VectorEncoding.Float16"/> block).</summary>
    public ReadOnlySpan<Half> Halves => MemoryMarshal.Cast<float, Half>(_block.Span)[.._values];

    /// <summary>Gets the int8 codes (an <see cref="VectorEncoding.Int8"/> block).</summary>
    public ReadOnlySpan<sbyte> Codes => MemoryMarshal.Cast<float, sbyte>(_block.Span)[.._values];

    /// <summary>Gets the per-persona scales (an <see cref="VectorEncoding.Int8"/> block; empty otherwise).</summary>
    public ReadOnlySpan<float> Scales => _scales.Span;

    /// <summary>Gets the bytes the vectors occupy in memory.</summary>
    public long ByteCount => ((long)_values * BytesPerValue(Encoding)) + ((long)_scales.Length * sizeof(float));

    public static int BytesPerValue(VectorEncoding encoding) => encoding switch
    {
        VectorEncoding.Float16 => 2,
        VectorEncoding.Int8 => 1,
        _ => 4,
    };

    /// <summary>Allocates an uninitialised block for a reader to fill through <see cref="WritableHalves"/>, or <see cref="WritableCodeBytes"/> and <see cref="WritableScales"/>.</summary>
    public static EncodedVectors Allocate(VectorEncoding encoding, int dimension, int personaCount)
    {
        long bytes = (long)personaCount * dimension * BytesPerValue(encoding);
        var block = AlignedVectorBlock.Allocate((int)((bytes + sizeof(float) - 1) / sizeof(float)));
        return new EncodedVectors(encoding, dimension, personaCount, block, AlignedVectorBlock.Allocate(encoding == VectorEncoding.Int8 ? personaCount : 0));
    }

    /// <summary>Wraps a mapped vector section laid out as in the file (values, and for int8 padding and scales).</summary>
    public static unsafe EncodedVectors Wrap(VectorEncoding encoding, int dimension, int personaCount, byte* section, MappedRegion owner)
    {
        long bytes = (long)personaCount * dimension * BytesPerValue(encoding);
        // Rounded up to whole floats; only the first `bytes` are ever read (Halves, Codes slice them).
        var values = AlignedVectorBlock.Wrap(section, (int)((bytes + sizeof(float) - 1) / sizeof(float)), owner);
        var scales = AlignedVectorBlock.Wrap(section + IndexFileLayout.AlignUp(bytes), encoding == VectorEncoding.Int8 ? personaCount : 0, owner);
        return new EncodedVectors(encoding, dimension, personaCount, values, scales);
    }

    /// <summary>Encodes unit float32 rows.</summary>
    public static EncodedVectors Encode(ReadOnlySpan<float> vectors, int dimension, VectorEncoding encoding)
    {
        int personaCount = dimension == 0 ? 0 : vectors.Length / dimension;
        EncodedVectors encoded = Allocate(encoding, dimension, personaCount);
        if (encoding == VectorEncoding.Float16)
        {
            Span<Half> halves = encoded.WritableHalves;
            for (int i = 0; i < vectors.Length; i++)
            {
                halves[i] = (Half)vectors[i];
            }
        }
        else
        {
            Span<sbyte> codes = MemoryMarshal.Cast<byte, sbyte>(encoded.WritableCodeBytes);
            for (int p = 0; p < personaCount; p++)
            {
                encoded._scales.Span[p] = Int8DotRowsKernel.QuantizeRow(vectors.Slice(p * dimension, dimension), codes.Slice(p * dimension, dimension));
            }
        }

        return encoded;
    }

    /// <summary>
    /// Gets the float16 values, for a reader to fill (little-endian). Up to 4 GB: readers and
    /// writers go through them in chunks, never as one byte span.
    /// </summary>
    public Span<Half> WritableHalves => MemoryMarshal.Cast<float, Half>(_block.Span)[.._values];

    /// <summary>Gets the int8 code bytes (one per value, so within one span), for a reader to fill and for a writer.</summary>
    public Span<byte> WritableCodeBytes => MemoryMarshal.AsBytes(_block.Span)[.._values];

    /// <summary>Gets the scales, for a reader to fill.</summary>
    public Span<float> WritableScales => _scales.Span;

    /// <summary>Decodes one persona's vector.</summary>
    public void Decode(int persona, Span<float> destination)
    {
        int start = persona * Dimension;
        if (Encoding == VectorEncoding.Float16)
        {
            ReadOnlySpan<Half> halves = Halves.Slice(start, Dimension);
            for (int d = 0; d < Dimension; d++)
            {
                destination[d] = (float)halves[d];
            }
        }
        else
        {
            ReadOnlySpan<sbyte> codes = Codes.Slice(start, Dimension);
            float scale = _scales.Span[persona];
            for (int d = 0; d < Dimension; d++)
            {
                destination[d] = codes[d] * scale;
            }
        }
    }
}
