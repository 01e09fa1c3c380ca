// Generated from Templates/HalfDotRowsKernel.VectorN.cs.template (Vector128 tier); edit the template, not this file, and regenerate (see KernelTierTemplateTests).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <content>The Vector128 tier.</content>
internal static partial class HalfDotRowsKernel
{
    /// <summary>The Vector128 tier; callers must check <see cref="Vector128.IsHardwareAccelerated"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotRows128(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, int dimension, Span<float> destination)
    {
        ref float q = ref MemoryMarshal.GetReference(query);
        ref short m = ref Unsafe.As<Half, short>(ref MemoryMarshal.GetReference(rows));
        for (int r = 0; r < destination.Length; r++)
        {
            destination[r] = DotRow128(ref q, ref m, (nuint)r * (nuint)dimension, dimension);
        }
    }

    /// <summary>
    /// The Vector128 gathered tier: the rows named by <paramref name="rowIndices"/>, each prefetched
    /// <see cref="RowPrefetch.RowsAhead"/> rows before its turn. Callers must check
    /// <see cref="Vector128.IsHardwareAccelerated"/> and that every index names a row of <paramref name="rows"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotGatheredRows128(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        ref float q = ref MemoryMarshal.GetReference(query);
        ref short m = ref Unsafe.As<Half, short>(ref MemoryMarshal.GetReference(rows));
        int count = rowIndices.Length;
        RowPrefetch.Rows(rows, rowIndices, 0, Math.Min(RowPrefetch.RowsAhead, count), dimension);
        for (int r = 0; r < count; r++)
        {
            RowPrefetch.Rows(rows, rowIndices, r + RowPrefetch.RowsAhead, Math.Min(r + RowPrefetch.RowsAhead + 1, count), dimension);
            destination[r] = DotRow128(ref q, ref m, (nuint)(uint)rowIndices[r] * (nuint)dimension, dimension);
        }
    }

    /// <summary>One row's dot product, starting at element <paramref name="rowStart"/>: two accumulators, then a fixed scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DotRow128(ref float q, ref short m, nuint rowStart, int dimension)
    {
        // One load of 2W halves feeds two accumulators of W floats.
        const int W = 4;
        int mainEnd = dimension - (dimension % (2 * W));
        Vector128<float> e = Vector128<float>.Zero, o = e;
        for (int d = 0; d < mainEnd; d += 2 * W)
        {
            (Vector128<int> lower, Vector128<int> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref m, rowStart + (nuint)d));
            e = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q, (nuint)d), ToSingle128(lower), e);
            o = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q, (nuint)(d + W)), ToSingle128(upper), o);
        }

        float sum = Vector128.Sum(e + o);
        for (int d = mainEnd; d < dimension; d++)
        {
            sum += Unsafe.Add(ref q, d) * (float)BitConverter.Int16BitsToHalf(Unsafe.Add(ref m, rowStart + (nuint)d));
        }

        return sum;
    }

    /// <summary>
    /// Sign-extended half bit patterns (finite) to floats: shifted left by 13, the sign lands on
    /// bits 28–31 and exponent and mantissa on bits 13–27; the mask keeps bit 31 and bits 13–27,
    /// and the multiply rebiases the exponent (sign included, exact for subnormals too).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ToSingle128(Vector128<int> bits)
    {
        Debug.Assert(Vector128.IsHardwareAccelerated);
        return ((bits << 13) & Vector128.Create(unchecked((int)0x8FFFE000))).AsSingle() * Vector128.Create(Rebias);
    }
}
