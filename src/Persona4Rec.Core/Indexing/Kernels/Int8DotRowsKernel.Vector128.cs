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
        Debug.Assert(Sse41.IsSupported);
        ref short q = ref MemoryMarshal.GetReference(query);
        ref sbyte m = ref MemoryMarshal.GetReference(rows);
        for (int r = 0; r < destination.Length; r++)
        {
            destination[r] = Finish(DotRow128(ref q, ref m, (nuint)r * (nuint)dimension, dimension), rowScales[r], queryScale);
        }
    }

    /// <summary>
    /// The SSE4.1 gathered tier: the rows named by <paramref name="rowIndices"/>, four at a time
    /// (four independent multiply-add chains; integer sums are exact in any order, so the results
    /// are those of <see cref="DotRows128"/>), each row's codes and scale prefetched
    /// <see cref="RowPrefetch.RowsAhead"/> rows before its turn. Callers must check
    /// <see cref="Sse41.IsSupported"/> and that every index names a row of <paramref name="rows"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotGatheredRows128(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        const int W = 8;
        Debug.Assert(Sse41.IsSupported);
        ref short q = ref MemoryMarshal.GetReference(query);
        ref sbyte m = ref MemoryMarshal.GetReference(rows);
        ref int index = ref MemoryMarshal.GetReference(rowIndices);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int mainEnd = dimension - (dimension % W);
        int count = rowIndices.Length;
        int lastRow = count - 1;
        RowPrefetch.Rows(rows, rowIndices, 0, Math.Min(RowPrefetch.RowsAhead, count), dimension);
        RowPrefetch.Rows(rowScales, rowIndices, 0, Math.Min(RowPrefetch.RowsAhead, count), 1);
        for (int r = 0; r < count; r += 4)
        {
            int ahead = Math.Min(r + RowPrefetch.RowsAhead + 4, count);
            RowPrefetch.Rows(rows, rowIndices, r + RowPrefetch.RowsAhead, ahead, dimension);
            RowPrefetch.Rows(rowScales, rowIndices, r + RowPrefetch.RowsAhead, ahead, 1);
            nuint b0 = (nuint)(uint)Unsafe.Add(ref index, r) * (nuint)dimension;
            nuint b1 = (nuint)(uint)Unsafe.Add(ref index, Math.Min(r + 1, lastRow)) * (nuint)dimension;
            nuint b2 = (nuint)(uint)Unsafe.Add(ref index, Math.Min(r + 2, lastRow)) * (nuint)dimension;
            nuint b3 = (nuint)(uint)Unsafe.Add(ref index, Math.Min(r + 3, lastRow)) * (nuint)dimension;
            Vector128<int> s0 = Vector128<int>.Zero, s1 = s0, s2 = s0, s3 = s0;
            for (int d = 0; d < mainEnd; d += W)
            {
                Vector128<short> qd = Vector128.LoadUnsafe(ref q, (nuint)d);
                s0 = Sse2.Add(s0, Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, b0 + (nuint)d).ToVector128Unsafe()), qd));
                s1 = Sse2.Add(s1, Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, b1 + (nuint)d).ToVector128Unsafe()), qd));
                s2 = Sse2.Add(s2, Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, b2 + (nuint)d).ToVector128Unsafe()), qd));
                s3 = Sse2.Add(s3, Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, b3 + (nuint)d).ToVector128Unsafe()), qd));
            }

            Unsafe.Add(ref dst, r) = FinishRow(ref q, ref m, b0, Vector128.Sum(s0), mainEnd, dimension, rowScales[rowIndices[r]], queryScale);
            if (r + 1 < count)
            {
                Unsafe.Add(ref dst, r + 1) = FinishRow(ref q, ref m, b1, Vector128.Sum(s1), mainEnd, dimension, rowScales[rowIndices[r + 1]], queryScale);
            }

            if (r + 2 < count)
            {
                Unsafe.Add(ref dst, r + 2) = FinishRow(ref q, ref m, b2, Vector128.Sum(s2), mainEnd, dimension, rowScales[rowIndices[r + 2]], queryScale);
            }

            if (r + 3 < count)
            {
                Unsafe.Add(ref dst, r + 3) = FinishRow(ref q, ref m, b3, Vector128.Sum(s3), mainEnd, dimension, rowScales[rowIndices[r + 3]], queryScale);
            }
        }
    }

    /// <summary>One row's integer dot product, starting at code <paramref name="rowStart"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotRow128(ref short q, ref sbyte m, nuint rowStart, int dimension)
    {
        const int W = 8;
        int mainEnd = dimension - (dimension % W);
        Vector128<int> e = Vector128<int>.Zero, o = e;
        int d = 0;
        for (; d + W < mainEnd; d += 2 * W)
        {
            Vector128<short> ce = Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, rowStart + (nuint)d).ToVector128Unsafe());
            Vector128<short> co = Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, rowStart + (nuint)(d + W)).ToVector128Unsafe());
            e = Sse2.Add(e, Sse2.MultiplyAddAdjacent(ce, Vector128.LoadUnsafe(ref q, (nuint)d)));
            o = Sse2.Add(o, Sse2.MultiplyAddAdjacent(co, Vector128.LoadUnsafe(ref q, (nuint)(d + W))));
        }

        if (d < mainEnd)
        {
            Vector128<short> ce = Sse41.ConvertToVector128Int16(Vector64.LoadUnsafe(ref m, rowStart + (nuint)d).ToVector128Unsafe());
            e = Sse2.Add(e, Sse2.MultiplyAddAdjacent(ce, Vector128.LoadUnsafe(ref q, (nuint)d)));
        }

        int sum = Vector128.Sum(e + o);
        for (d = mainEnd; d < dimension; d++)
        {
            sum += Unsafe.Add(ref q, d) * Unsafe.Add(ref m, rowStart + (nuint)d);
        }

        return sum;
    }
}
