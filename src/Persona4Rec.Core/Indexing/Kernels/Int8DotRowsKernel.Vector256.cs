// Generated from Templates/Int8DotRowsKernel.VectorN.cs.template (AVX2 tier); edit the template, not this file, and regenerate (see KernelTierTemplateTests).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Persona4Rec.Indexing.Kernels;

/// <content>The AVX2 tier.</content>
internal static partial class Int8DotRowsKernel
{
    /// <summary>The AVX2 tier; callers must check <see cref="Avx2.IsSupported"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotRows256(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, int dimension, Span<float> destination)
    {
        const int W = 16;
        Debug.Assert(Avx2.IsSupported);
        ref short q = ref MemoryMarshal.GetReference(query);
        ref sbyte m = ref MemoryMarshal.GetReference(rows);
        int mainEnd = dimension - (dimension % W);
        for (int r = 0; r < destination.Length; r++)
        {
            nuint b = (nuint)r * (nuint)dimension;
            Vector256<int> e = Vector256<int>.Zero, o = e;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                Vector256<short> ce = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref m, b + (nuint)d));
                Vector256<short> co = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref m, b + (nuint)(d + W)));
                e = Avx2.Add(e, Avx2.MultiplyAddAdjacent(ce, Vector256.LoadUnsafe(ref q, (nuint)d)));
                o = Avx2.Add(o, Avx2.MultiplyAddAdjacent(co, Vector256.LoadUnsafe(ref q, (nuint)(d + W))));
            }

            if (d < mainEnd)
            {
                Vector256<short> ce = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref m, b + (nuint)d));
                e = Avx2.Add(e, Avx2.MultiplyAddAdjacent(ce, Vector256.LoadUnsafe(ref q, (nuint)d)));
            }

            int sum = Vector256.Sum(e + o);
            for (d = mainEnd; d < dimension; d++)
            {
                sum += Unsafe.Add(ref q, d) * Unsafe.Add(ref m, b + (nuint)d);
            }

            destination[r] = Finish(sum, rowScales[r], queryScale);
        }
    }
}
