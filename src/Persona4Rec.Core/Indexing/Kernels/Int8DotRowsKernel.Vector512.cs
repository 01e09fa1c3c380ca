// Generated from Templates/Int8DotRowsKernel.VectorN.cs.template (AVX-512BW tier); edit the template, not this file, and regenerate (see KernelTierTemplateTests).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Persona4Rec.Indexing.Kernels;

/// <content>The AVX-512BW tier.</content>
internal static partial class Int8DotRowsKernel
{
    /// <summary>The AVX-512BW tier; callers must check <see cref="Avx512BW.IsSupported"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotRows512(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, int dimension, Span<float> destination)
    {
        const int W = 32;
        Debug.Assert(Avx512BW.IsSupported);
        ref short q = ref MemoryMarshal.GetReference(query);
        ref sbyte m = ref MemoryMarshal.GetReference(rows);
        int mainEnd = dimension - (dimension % W);
        for (int r = 0; r < destination.Length; r++)
        {
            nuint b = (nuint)r * (nuint)dimension;
            Vector512<int> e = Vector512<int>.Zero, o = e;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                Vector512<short> ce = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref m, b + (nuint)d));
                Vector512<short> co = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref m, b + (nuint)(d + W)));
                e = Avx512F.Add(e, Avx512BW.MultiplyAddAdjacent(ce, Vector512.LoadUnsafe(ref q, (nuint)d)));
                o = Avx512F.Add(o, Avx512BW.MultiplyAddAdjacent(co, Vector512.LoadUnsafe(ref q, (nuint)(d + W))));
            }

            if (d < mainEnd)
            {
                Vector512<short> ce = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref m, b + (nuint)d));
                e = Avx512F.Add(e, Avx512BW.MultiplyAddAdjacent(ce, Vector512.LoadUnsafe(ref q, (nuint)d)));
            }

            int sum = Vector512.Sum(e + o);
            for (d = mainEnd; d < dimension; d++)
            {
                sum += Unsafe.Add(ref q, d) * Unsafe.Add(ref m, b + (nuint)d);
            }

            destination[r] = Finish(sum, rowScales[r], queryScale);
        }
    }
}
