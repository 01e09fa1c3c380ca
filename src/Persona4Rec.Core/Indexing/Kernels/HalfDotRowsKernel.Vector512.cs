// Generated from Templates/HalfDotRowsKernel.VectorN.cs.template (Vector512 tier); edit the template, not this file, and regenerate (see KernelTierTemplateTests).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <content>The Vector512 tier.</content>
internal static partial class HalfDotRowsKernel
{
    /// <summary>The Vector512 tier; callers must check <see cref="Vector512.IsHardwareAccelerated"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotRows512(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, int dimension, Span<float> destination)
    {
        // One load of 2W halves feeds two accumulators of W floats.
        const int W = 16;
        ref float q = ref MemoryMarshal.GetReference(query);
        ref short m = ref Unsafe.As<Half, short>(ref MemoryMarshal.GetReference(rows));
        int mainEnd = dimension - (dimension % (2 * W));
        for (int r = 0; r < destination.Length; r++)
        {
            nuint b = (nuint)r * (nuint)dimension;
            Vector512<float> e = Vector512<float>.Zero, o = e;
            for (int d = 0; d < mainEnd; d += 2 * W)
            {
                (Vector512<int> lower, Vector512<int> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref m, b + (nuint)d));
                e = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref q, (nuint)d), ToSingle512(lower), e);
                o = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref q, (nuint)(d + W)), ToSingle512(upper), o);
            }

            float sum = Vector512.Sum(e + o);
            for (int d = mainEnd; d < dimension; d++)
            {
                sum += Unsafe.Add(ref q, d) * (float)BitConverter.Int16BitsToHalf(Unsafe.Add(ref m, b + (nuint)d));
            }

            destination[r] = sum;
        }
    }

    /// <summary>
    /// Sign-extended half bit patterns (finite) to floats: shifted left by 13, the sign lands on
    /// bits 28–31 and exponent and mantissa on bits 13–27; the mask keeps bit 31 and bits 13–27,
    /// and the multiply rebiases the exponent (sign included, exact for subnormals too).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> ToSingle512(Vector512<int> bits)
    {
        Debug.Assert(Vector512.IsHardwareAccelerated);
        return ((bits << 13) & Vector512.Create(unchecked((int)0x8FFFE000))).AsSingle() * Vector512.Create(Rebias);
    }
}
