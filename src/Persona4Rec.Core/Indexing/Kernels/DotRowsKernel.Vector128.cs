// Generated from Templates/DotRowsKernel.VectorN.cs.template (Vector128 tier); edit the template, not this file, and regenerate (see KernelTierTemplateTests).
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <content>
/// The Vector128 tier.
/// Kernels are jitted fully optimised at once (AggressiveOptimization): a single scan call runs
/// long enough for on-stack replacement, whose code is slower than the final tier.
/// </content>
internal static partial class DotRowsKernel
{
    /// <summary>
    /// The Vector128 gathered tier: the rows named by <paramref name="rowIndices"/>, four at a time,
    /// each row's lines prefetched <see cref="RowPrefetch.RowsAhead"/> rows before its turn: the
    /// first rows up front, then each block's loop prefetches the four rows that many places on,
    /// a step of lines per step of its own (<see cref="RowPrefetch.Step"/>), so the misses are
    /// spread over the arithmetic instead of issued in one burst. Issue 18, alternating Stopwatch
    /// probes against the burst before each block: the bare kernel on cold rows about 8% faster,
    /// ScoreOrdinals float32 cold 20 candidates about 4% (faster in three pairs of four), hot alike.
    /// Callers must check <see cref="Vector128.IsHardwareAccelerated"/>, <c>dimension ≥ 4</c> and
    /// that every index names a row of <paramref name="rows"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void DotGatheredRows128(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        const int W = 4;
        Debug.Assert(dimension >= W);
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float m = ref MemoryMarshal.GetReference(rows);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        ref int index = ref MemoryMarshal.GetReference(rowIndices);
        int last = dimension - W;
        int tail = dimension % W;
        int mainEnd = dimension - tail;

        Vector128<float> qTail = TailQuery128(ref q, dimension);

        int count = rowIndices.Length;
        int lastRow = count - 1;
        RowPrefetch.Rows(rows, rowIndices, 0, Math.Min(RowPrefetch.RowsAhead, count), dimension);
        for (int r = 0; r < count; r += 4)
        {
            // The rows RowsAhead places on; past the end, the last row again (a prefetch of a line
            // already in cache costs next to nothing, a branch per step would cost more).
            int ahead = r + RowPrefetch.RowsAhead;
            byte* f0 = RowPrefetch.Address(ref m, (nuint)(uint)Unsafe.Add(ref index, Math.Min(ahead, lastRow)) * (nuint)dimension);
            byte* f1 = RowPrefetch.Address(ref m, (nuint)(uint)Unsafe.Add(ref index, Math.Min(ahead + 1, lastRow)) * (nuint)dimension);
            byte* f2 = RowPrefetch.Address(ref m, (nuint)(uint)Unsafe.Add(ref index, Math.Min(ahead + 2, lastRow)) * (nuint)dimension);
            byte* f3 = RowPrefetch.Address(ref m, (nuint)(uint)Unsafe.Add(ref index, Math.Min(ahead + 3, lastRow)) * (nuint)dimension);
            nuint b0 = (nuint)(uint)Unsafe.Add(ref index, r) * (nuint)dimension;
            nuint b1 = (nuint)(uint)Unsafe.Add(ref index, Math.Min(r + 1, lastRow)) * (nuint)dimension;
            nuint b2 = (nuint)(uint)Unsafe.Add(ref index, Math.Min(r + 2, lastRow)) * (nuint)dimension;
            nuint b3 = (nuint)(uint)Unsafe.Add(ref index, Math.Min(r + 3, lastRow)) * (nuint)dimension;
            Vector128<float> e0 = Vector128<float>.Zero, e1 = e0, e2 = e0, e3 = e0;
            Vector128<float> o0 = e0, o1 = e0, o2 = e0, o3 = e0;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                nuint de = (nuint)d;
                nuint dd = (nuint)(d + W);
                RowPrefetch.Step(f0, f1, f2, f3, de * sizeof(float), 2 * W * sizeof(float));
                Vector128<float> qe = Vector128.LoadUnsafe(ref q, de);
                Vector128<float> qo = Vector128.LoadUnsafe(ref q, dd);
                e0 = Vector128.MultiplyAddEstimate(qe, Vector128.LoadUnsafe(ref m, b0 + de), e0);
                e1 = Vector128.MultiplyAddEstimate(qe, Vector128.LoadUnsafe(ref m, b1 + de), e1);
                e2 = Vector128.MultiplyAddEstimate(qe, Vector128.LoadUnsafe(ref m, b2 + de), e2);
                e3 = Vector128.MultiplyAddEstimate(qe, Vector128.LoadUnsafe(ref m, b3 + de), e3);
                o0 = Vector128.MultiplyAddEstimate(qo, Vector128.LoadUnsafe(ref m, b0 + dd), o0);
                o1 = Vector128.MultiplyAddEstimate(qo, Vector128.LoadUnsafe(ref m, b1 + dd), o1);
                o2 = Vector128.MultiplyAddEstimate(qo, Vector128.LoadUnsafe(ref m, b2 + dd), o2);
                o3 = Vector128.MultiplyAddEstimate(qo, Vector128.LoadUnsafe(ref m, b3 + dd), o3);
            }

            RowPrefetch.Rest(f0, f1, f2, f3, (nuint)d * sizeof(float), (nuint)dimension * sizeof(float));
            if (d < mainEnd)
            {
                // An odd number of full vectors: the last one goes to the even accumulators.
                nuint de = (nuint)d;
                Vector128<float> qe = Vector128.LoadUnsafe(ref q, de);
                e0 = Vector128.MultiplyAddEstimate(qe, Vector128.LoadUnsafe(ref m, b0 + de), e0);
                e1 = Vector128.MultiplyAddEstimate(qe, Vector128.LoadUnsafe(ref m, b1 + de), e1);
                e2 = Vector128.MultiplyAddEstimate(qe, Vector128.LoadUnsafe(ref m, b2 + de), e2);
                e3 = Vector128.MultiplyAddEstimate(qe, Vector128.LoadUnsafe(ref m, b3 + de), e3);
            }

            if (tail != 0)
            {
                o0 = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b0 + (nuint)last), o0);
                o1 = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b1 + (nuint)last), o1);
                o2 = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b2 + (nuint)last), o2);
                o3 = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b3 + (nuint)last), o3);
            }

            Unsafe.Add(ref dst, r) = Vector128.Sum(e0 + o0);
            if (r + 3 < count)
            {
                Unsafe.Add(ref dst, r + 1) = Vector128.Sum(e1 + o1);
                Unsafe.Add(ref dst, r + 2) = Vector128.Sum(e2 + o2);
                Unsafe.Add(ref dst, r + 3) = Vector128.Sum(e3 + o3);
            }
            else
            {
                if (r + 1 < count)
                {
                    Unsafe.Add(ref dst, r + 1) = Vector128.Sum(e1 + o1);
                }

                if (r + 2 < count)
                {
                    Unsafe.Add(ref dst, r + 2) = Vector128.Sum(e2 + o2);
                }
            }
        }
    }

    /// <summary>
    /// The Vector128 streaming tier: one row at a time, with the same summation order as
    /// <see cref="DotGatheredRows128"/>, so its results are bit-identical. A single memory stream lets
    /// the hardware prefetcher run ahead during a full scan, where the four-row blocks measured
    /// about 25% below memory bandwidth.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotRowsStreaming128(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination)
    {
        const int W = 4;
        Debug.Assert(dimension >= W);
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float m = ref MemoryMarshal.GetReference(rows);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int last = dimension - W;
        int tail = dimension % W;
        int mainEnd = dimension - tail;
        Vector128<float> qTail = TailQuery128(ref q, dimension);

        for (int r = 0; r < destination.Length; r++)
        {
            nuint b = (nuint)(r * dimension);
            Vector128<float> e = Vector128<float>.Zero, o = e;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                e = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q, (nuint)d), Vector128.LoadUnsafe(ref m, b + (nuint)d), e);
                o = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q, (nuint)(d + W)), Vector128.LoadUnsafe(ref m, b + (nuint)(d + W)), o);
            }

            if (d < mainEnd)
            {
                e = Vector128.MultiplyAddEstimate(Vector128.LoadUnsafe(ref q, (nuint)d), Vector128.LoadUnsafe(ref m, b + (nuint)d), e);
            }

            if (tail != 0)
            {
                o = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b + (nuint)last), o);
            }

            Unsafe.Add(ref dst, r) = Vector128.Sum(e + o);
        }
    }

    /// <summary>
    /// The query's last full vector with the lanes the main loop already covered zeroed, for the
    /// overlapping tail load of each row; zero when the dimension is a multiple of the width.
    /// </summary>
    internal static Vector128<float> TailQuery128(ref float q, int dimension)
    {
        const int W = 4;
        int tail = dimension % W;
        return tail == 0
            ? Vector128<float>.Zero
            : Vector128.ConditionalSelect(
                Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(W - tail)).AsSingle(),
                Vector128.LoadUnsafe(ref q, (nuint)(dimension - W)),
                Vector128<float>.Zero);
    }
}
