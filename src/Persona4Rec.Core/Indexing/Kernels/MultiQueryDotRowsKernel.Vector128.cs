// Generated from Templates/MultiQueryDotRowsKernel.VectorN.cs.template (Vector128 tier); edit the template, not this file, and regenerate (see KernelTierTemplateTests).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <content>The Vector128 tier of the multi-query kernel.</content>
internal static partial class MultiQueryDotRowsKernel
{
    /// <summary>The Vector128 tier; callers must check <see cref="Vector128.IsHardwareAccelerated"/> and <c>dimension ≥ 4</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotRows128(ReadOnlySpan<float> queries, ReadOnlySpan<float> rows, int dimension, int count, Span<float> destination, int stride)
    {
        const int W = 4;
        Debug.Assert(dimension >= W);
        ref float q0 = ref MemoryMarshal.GetReference(queries);
        ref float q1 = ref Unsafe.Add(ref q0, dimension);
        ref float q2 = ref Unsafe.Add(ref q1, dimension);
        ref float q3 = ref Unsafe.Add(ref q2, dimension);
        ref float m = ref MemoryMarshal.GetReference(rows);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int last = dimension - W;
        int tail = dimension % W;
        int mainEnd = dimension - tail;
        Vector128<float> t0 = DotRowsKernel.TailQuery128(ref q0, dimension), t1 = DotRowsKernel.TailQuery128(ref q1, dimension);
        Vector128<float> t2 = DotRowsKernel.TailQuery128(ref q2, dimension), t3 = DotRowsKernel.TailQuery128(ref q3, dimension);

        for (int r = 0; r < count; r++)
        {
            nuint b = (nuint)(r * dimension);
            Vector128<float> e0 = Vector128<float>.Zero, e1 = e0, e2 = e0, e3 = e0;
            Vector128<float> o0 = e0, o1 = e0, o2 = e0, o3 = e0;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                nuint de = (nuint)d;
                nuint dd = (nuint)(d + W);
                Vector128<float> re = Vector128.LoadUnsafe(ref m, b + de);
                Vector128<float> ro = Vector128.LoadUnsafe(ref m, b + dd);
                e0 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q0, de), re, e0);
                e1 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q1, de), re, e1);
                e2 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q2, de), re, e2);
                e3 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q3, de), re, e3);
                o0 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q0, dd), ro, o0);
                o1 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q1, dd), ro, o1);
                o2 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q2, dd), ro, o2);
                o3 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q3, dd), ro, o3);
            }

            if (d < mainEnd)
            {
                // An odd number of full vectors: the last one goes to the even accumulators.
                nuint de = (nuint)d;
                Vector128<float> re = Vector128.LoadUnsafe(ref m, b + de);
                e0 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q0, de), re, e0);
                e1 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q1, de), re, e1);
                e2 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q2, de), re, e2);
                e3 = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q3, de), re, e3);
            }

            if (tail != 0)
            {
                Vector128<float> rt = Vector128.LoadUnsafe(ref m, b + (nuint)last);
                o0 = Vector128.MultiplyAddEstimate(t0, rt, o0);
                o1 = Vector128.MultiplyAddEstimate(t1, rt, o1);
                o2 = Vector128.MultiplyAddEstimate(t2, rt, o2);
                o3 = Vector128.MultiplyAddEstimate(t3, rt, o3);
            }

            Unsafe.Add(ref dst, r) = Vector128.Sum(e0 + o0);
            Unsafe.Add(ref dst, stride + r) = Vector128.Sum(e1 + o1);
            Unsafe.Add(ref dst, (2 * stride) + r) = Vector128.Sum(e2 + o2);
            Unsafe.Add(ref dst, (3 * stride) + r) = Vector128.Sum(e3 + o3);
        }
    }
}
