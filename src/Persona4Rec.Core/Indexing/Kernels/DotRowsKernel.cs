using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <summary>
/// Dot products of one query with many contiguous rows: the hot loop of max-over-personas scoring.
/// </summary>
/// <remarks>
/// Rows are processed four at a time, each with two accumulators (even and odd vector steps), so
/// that eight independent FMA chains hide the FMA latency and each query load feeds four rows;
/// one row with one accumulator is bound by the FMA latency, at about half this speed. A short
/// last block repeats its last row instead of switching to a narrower loop, so every row is
/// summed in exactly the same order wherever it sits: rerank and full scan agree bit for bit,
/// whatever the insertion order.
/// Tiers: Vector512 → Vector256 → Vector128 → scalar, chosen once per call; the dimension tail is
/// handled by re-reading the last full vector with the already-counted lanes of the query masked
/// to zero, so no scalar tail loop runs when <c>dimension</c> ≥ the vector width.
/// <see cref="DotRowsScalar"/> is the reference the tests and benchmarks compare against.
/// </remarks>
internal static class DotRowsKernel
{
    /// <summary>Writes <c>dot(query, row r)</c> into <paramref name="destination"/>[r] for every row.</summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major rows, <c>destination.Length * dimension</c> values.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per row.</param>
    public static void DotRows(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination)
    {
        Debug.Assert(query.Length == dimension);
        Debug.Assert(rows.Length == destination.Length * dimension);

        if (Vector512.IsHardwareAccelerated && dimension >= Vector512<float>.Count)
        {
            DotRows512(query, rows, dimension, destination);
        }
        else if (Vector256.IsHardwareAccelerated && dimension >= Vector256<float>.Count)
        {
            DotRows256(query, rows, dimension, destination);
        }
        else if (Vector128.IsHardwareAccelerated && dimension >= Vector128<float>.Count)
        {
            DotRows128(query, rows, dimension, destination);
        }
        else
        {
            DotRowsScalar(query, rows, dimension, destination);
        }
    }

    /// <summary>The plain reference implementation: one multiply-add at a time, in index order.</summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major rows, <c>destination.Length * dimension</c> values.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per row.</param>
    public static void DotRowsScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination)
    {
        for (int r = 0; r < destination.Length; r++)
        {
            ReadOnlySpan<float> row = rows.Slice(r * dimension, dimension);
            float sum = 0f;
            for (int d = 0; d < dimension; d++)
            {
                sum += query[d] * row[d];
            }

            destination[r] = sum;
        }
    }

    /// <summary>The Vector512 tier; callers must check <see cref="Vector512.IsHardwareAccelerated"/> and <c>dimension ≥ 16</c>.</summary>
    internal static void DotRows512(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination)
    {
        const int W = 16;
        Debug.Assert(dimension >= W);
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float m = ref MemoryMarshal.GetReference(rows);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int last = dimension - W;
        int tail = dimension % W;
        int mainEnd = dimension - tail;

        // Query lanes already covered by the main loop are zeroed in the overlapping tail load.
        Vector512<float> qTail = tail == 0
            ? Vector512<float>.Zero
            : Vector512.ConditionalSelect(
                Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(W - tail)).AsSingle(),
                Vector512.LoadUnsafe(ref q, (nuint)last),
                Vector512<float>.Zero);

        int count = destination.Length;
        int lastRow = count - 1;
        for (int r = 0; r < count; r += 4)
        {
            nuint b0 = (nuint)(r * dimension);
            nuint b1 = (nuint)(Math.Min(r + 1, lastRow) * dimension);
            nuint b2 = (nuint)(Math.Min(r + 2, lastRow) * dimension);
            nuint b3 = (nuint)(Math.Min(r + 3, lastRow) * dimension);
            Vector512<float> e0 = Vector512<float>.Zero, e1 = e0, e2 = e0, e3 = e0;
            Vector512<float> o0 = e0, o1 = e0, o2 = e0, o3 = e0;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                nuint de = (nuint)d;
                nuint dd = (nuint)(d + W);
                Vector512<float> qe = Vector512.LoadUnsafe(ref q, de);
                Vector512<float> qo = Vector512.LoadUnsafe(ref q, dd);
                e0 = Vector512.MultiplyAddEstimate(qe, Vector512.LoadUnsafe(ref m, b0 + de), e0);
                e1 = Vector512.MultiplyAddEstimate(qe, Vector512.LoadUnsafe(ref m, b1 + de), e1);
                e2 = Vector512.MultiplyAddEstimate(qe, Vector512.LoadUnsafe(ref m, b2 + de), e2);
                e3 = Vector512.MultiplyAddEstimate(qe, Vector512.LoadUnsafe(ref m, b3 + de), e3);
                o0 = Vector512.MultiplyAddEstimate(qo, Vector512.LoadUnsafe(ref m, b0 + dd), o0);
                o1 = Vector512.MultiplyAddEstimate(qo, Vector512.LoadUnsafe(ref m, b1 + dd), o1);
                o2 = Vector512.MultiplyAddEstimate(qo, Vector512.LoadUnsafe(ref m, b2 + dd), o2);
                o3 = Vector512.MultiplyAddEstimate(qo, Vector512.LoadUnsafe(ref m, b3 + dd), o3);
            }

            if (d < mainEnd)
            {
                // An odd number of full vectors: the last one goes to the even accumulators.
                nuint de = (nuint)d;
                Vector512<float> qe = Vector512.LoadUnsafe(ref q, de);
                e0 = Vector512.MultiplyAddEstimate(qe, Vector512.LoadUnsafe(ref m, b0 + de), e0);
                e1 = Vector512.MultiplyAddEstimate(qe, Vector512.LoadUnsafe(ref m, b1 + de), e1);
                e2 = Vector512.MultiplyAddEstimate(qe, Vector512.LoadUnsafe(ref m, b2 + de), e2);
                e3 = Vector512.MultiplyAddEstimate(qe, Vector512.LoadUnsafe(ref m, b3 + de), e3);
            }

            if (tail != 0)
            {
                o0 = Vector512.MultiplyAddEstimate(qTail, Vector512.LoadUnsafe(ref m, b0 + (nuint)last), o0);
                o1 = Vector512.MultiplyAddEstimate(qTail, Vector512.LoadUnsafe(ref m, b1 + (nuint)last), o1);
                o2 = Vector512.MultiplyAddEstimate(qTail, Vector512.LoadUnsafe(ref m, b2 + (nuint)last), o2);
                o3 = Vector512.MultiplyAddEstimate(qTail, Vector512.LoadUnsafe(ref m, b3 + (nuint)last), o3);
            }

            Unsafe.Add(ref dst, r) = Vector512.Sum(e0 + o0);
            if (r + 3 < count)
            {
                Unsafe.Add(ref dst, r + 1) = Vector512.Sum(e1 + o1);
                Unsafe.Add(ref dst, r + 2) = Vector512.Sum(e2 + o2);
                Unsafe.Add(ref dst, r + 3) = Vector512.Sum(e3 + o3);
            }
            else
            {
                if (r + 1 < count)
                {
                    Unsafe.Add(ref dst, r + 1) = Vector512.Sum(e1 + o1);
                }

                if (r + 2 < count)
                {
                    Unsafe.Add(ref dst, r + 2) = Vector512.Sum(e2 + o2);
                }
            }
        }
    }

    /// <summary>The Vector256 tier; callers must check <see cref="Vector256.IsHardwareAccelerated"/> and <c>dimension ≥ 8</c>.</summary>
    internal static void DotRows256(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination)
    {
        const int W = 8;
        Debug.Assert(dimension >= W);
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float m = ref MemoryMarshal.GetReference(rows);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int last = dimension - W;
        int tail = dimension % W;
        int mainEnd = dimension - tail;

        // Query lanes already covered by the main loop are zeroed in the overlapping tail load.
        Vector256<float> qTail = tail == 0
            ? Vector256<float>.Zero
            : Vector256.ConditionalSelect(
                Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(W - tail)).AsSingle(),
                Vector256.LoadUnsafe(ref q, (nuint)last),
                Vector256<float>.Zero);

        int count = destination.Length;
        int lastRow = count - 1;
        for (int r = 0; r < count; r += 4)
        {
            nuint b0 = (nuint)(r * dimension);
            nuint b1 = (nuint)(Math.Min(r + 1, lastRow) * dimension);
            nuint b2 = (nuint)(Math.Min(r + 2, lastRow) * dimension);
            nuint b3 = (nuint)(Math.Min(r + 3, lastRow) * dimension);
            Vector256<float> e0 = Vector256<float>.Zero, e1 = e0, e2 = e0, e3 = e0;
            Vector256<float> o0 = e0, o1 = e0, o2 = e0, o3 = e0;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                nuint de = (nuint)d;
                nuint dd = (nuint)(d + W);
                Vector256<float> qe = Vector256.LoadUnsafe(ref q, de);
                Vector256<float> qo = Vector256.LoadUnsafe(ref q, dd);
                e0 = Vector256.MultiplyAddEstimate(qe, Vector256.LoadUnsafe(ref m, b0 + de), e0);
                e1 = Vector256.MultiplyAddEstimate(qe, Vector256.LoadUnsafe(ref m, b1 + de), e1);
                e2 = Vector256.MultiplyAddEstimate(qe, Vector256.LoadUnsafe(ref m, b2 + de), e2);
                e3 = Vector256.MultiplyAddEstimate(qe, Vector256.LoadUnsafe(ref m, b3 + de), e3);
                o0 = Vector256.MultiplyAddEstimate(qo, Vector256.LoadUnsafe(ref m, b0 + dd), o0);
                o1 = Vector256.MultiplyAddEstimate(qo, Vector256.LoadUnsafe(ref m, b1 + dd), o1);
                o2 = Vector256.MultiplyAddEstimate(qo, Vector256.LoadUnsafe(ref m, b2 + dd), o2);
                o3 = Vector256.MultiplyAddEstimate(qo, Vector256.LoadUnsafe(ref m, b3 + dd), o3);
            }

            if (d < mainEnd)
            {
                // An odd number of full vectors: the last one goes to the even accumulators.
                nuint de = (nuint)d;
                Vector256<float> qe = Vector256.LoadUnsafe(ref q, de);
                e0 = Vector256.MultiplyAddEstimate(qe, Vector256.LoadUnsafe(ref m, b0 + de), e0);
                e1 = Vector256.MultiplyAddEstimate(qe, Vector256.LoadUnsafe(ref m, b1 + de), e1);
                e2 = Vector256.MultiplyAddEstimate(qe, Vector256.LoadUnsafe(ref m, b2 + de), e2);
                e3 = Vector256.MultiplyAddEstimate(qe, Vector256.LoadUnsafe(ref m, b3 + de), e3);
            }

            if (tail != 0)
            {
                o0 = Vector256.MultiplyAddEstimate(qTail, Vector256.LoadUnsafe(ref m, b0 + (nuint)last), o0);
                o1 = Vector256.MultiplyAddEstimate(qTail, Vector256.LoadUnsafe(ref m, b1 + (nuint)last), o1);
                o2 = Vector256.MultiplyAddEstimate(qTail, Vector256.LoadUnsafe(ref m, b2 + (nuint)last), o2);
                o3 = Vector256.MultiplyAddEstimate(qTail, Vector256.LoadUnsafe(ref m, b3 + (nuint)last), o3);
            }

            Unsafe.Add(ref dst, r) = Vector256.Sum(e0 + o0);
            if (r + 3 < count)
            {
                Unsafe.Add(ref dst, r + 1) = Vector256.Sum(e1 + o1);
                Unsafe.Add(ref dst, r + 2) = Vector256.Sum(e2 + o2);
                Unsafe.Add(ref dst, r + 3) = Vector256.Sum(e3 + o3);
            }
            else
            {
                if (r + 1 < count)
                {
                    Unsafe.Add(ref dst, r + 1) = Vector256.Sum(e1 + o1);
                }

                if (r + 2 < count)
                {
                    Unsafe.Add(ref dst, r + 2) = Vector256.Sum(e2 + o2);
                }
            }
        }
    }

    /// <summary>The Vector128 tier; callers must check <see cref="Vector128.IsHardwareAccelerated"/> and <c>dimension ≥ 4</c>.</summary>
    internal static void DotRows128(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination)
    {
        const int W = 4;
        Debug.Assert(dimension >= W);
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float m = ref MemoryMarshal.GetReference(rows);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int last = dimension - W;
        int tail = dimension % W;
        int mainEnd = dimension - tail;

        // Query lanes already covered by the main loop are zeroed in the overlapping tail load.
        Vector128<float> qTail = tail == 0
            ? Vector128<float>.Zero
            : Vector128.ConditionalSelect(
                Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(W - tail)).AsSingle(),
                Vector128.LoadUnsafe(ref q, (nuint)last),
                Vector128<float>.Zero);

        int count = destination.Length;
        int lastRow = count - 1;
        for (int r = 0; r < count; r += 4)
        {
            nuint b0 = (nuint)(r * dimension);
            nuint b1 = (nuint)(Math.Min(r + 1, lastRow) * dimension);
            nuint b2 = (nuint)(Math.Min(r + 2, lastRow) * dimension);
            nuint b3 = (nuint)(Math.Min(r + 3, lastRow) * dimension);
            Vector128<float> e0 = Vector128<float>.Zero, e1 = e0, e2 = e0, e3 = e0;
            Vector128<float> o0 = e0, o1 = e0, o2 = e0, o3 = e0;
            int d = 0;
            for (; d + W < mainEnd; d += 2 * W)
            {
                nuint de = (nuint)d;
                nuint dd = (nuint)(d + W);
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
}
