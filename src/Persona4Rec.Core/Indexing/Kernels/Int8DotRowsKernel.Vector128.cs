// Generated from Templates/Int8DotRowsKernel.VectorN.cs.template (SSE4.1 tier); edit the template, not this file, and regenerate (see KernelTierTemplateTests).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Persona4Rec.Indexing.Kernels;

/// <content>The SSE4.1 tier.</content>
internal static partial class Int8DotRowsKernel
{
    /// <summary>The SSE4.1 tier; callers must check <see cref="Sse41.IsSupported"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotRows128(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, int dimension, Span<float> destination)
    {
        const int W = 8;
        Debug.Assert(Sse41.IsSupported);
        ref short q = ref MemoryMarshal.GetReference(query);
        ref sbyte m = ref MemoryMarshal.GetReference(rows);
        int mainEnd = dimension - (dimension % W);
        for (int r = 0; r < destination.Length; r++)
        {
            nuint b = (nuint)r * (nuint)dimension;
            Vector128<int> e = Vector128<int>.Zero, o = e;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                Vector128<short> ce = Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, b + (nuint)d).ToVector128Unsafe());
                Vector128<short> co = Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, b + (nuint)(d + W)).ToVector128Unsafe());
                e = Sse2.Add(e, Sse2.MultiplyAddAdjacent(ce, Vector128.LoadUnsafe(ref q, (nuint)d)));
                o = Sse2.Add(o, Sse2.MultiplyAddAdjacent(co, Vector128.LoadUnsafe(ref q, (nuint)(d + W))));
            }

            if (d < mainEnd)
            {
                Vector128<short> ce = Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, b + (nuint)d).ToVector128Unsafe());
                e = Sse2.Add(e, Sse2.MultiplyAddAdjacent(ce, Vector128.LoadUnsafe(ref q, (nuint)d)));
            }

            int sum = Vector128.Sum(e + o);
            for (d = mainEnd; d < dimension; d++)
            {
                sum += Unsafe.Add(ref q, d) * Unsafe.Add(ref m, b + (nuint)d);
            }

            destination[r] = Finish(sum, rowScales[r], queryScale);
        }
    }
}
