using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <summary>
/// Dot products of one query with many contiguous rows: the hot loop of max-over-personas scoring.
/// </summary>
/// <remarks>
/// Rows are processed four at a time so that each query load feeds four independent
/// accumulators (one row at a time is bound by the FMA latency chain, not by memory). A short
/// last block repeats its last row instead of switching to a one-row loop, so a row's sum is
/// bit-identical wherever it sits: rerank and full scan agree exactly, whatever the insertion order.
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
        int last = dimension - W;
        int tail = dimension % W;

        // Query lanes already covered by the main loop are zeroed in the overlapping tail load.
        Vector512<float> qTail = tail == 0
            ? Vector512<float>.Zero
            : Vector512.ConditionalSelect(
                Vector512.GreaterThanOrEqual(Vector512<int>.Indices, Vector512.Create(W - tail)).AsSingle(),
                Vector512.LoadUnsafe(ref q, (nuint)last),
                Vector512<float>.Zero);
        int mainEnd = dimension - tail;

        int count = destination.Length;
        ref float dst = ref MemoryMarshal.GetReference(destination);
        for (int r = 0; r < count; r += 4)
        {
            // A short last block repeats its last row: every row is summed in the same order
            // wherever it falls, so a persona's score does not depend on its position.
            int lastRow = count - 1;
            nuint b0 = (nuint)(r * dimension);
            nuint b1 = (nuint)(Math.Min(r + 1, lastRow) * dimension);
            nuint b2 = (nuint)(Math.Min(r + 2, lastRow) * dimension);
            nuint b3 = (nuint)(Math.Min(r + 3, lastRow) * dimension);
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0; d < mainEnd; d += W)
            {
                Vector512<float> qv = Vector512.LoadUnsafe(ref q, (nuint)d);
                a0 = Vector512.MultiplyAddEstimate(qv, Vector512.LoadUnsafe(ref m, b0 + (nuint)d), a0);
                a1 = Vector512.MultiplyAddEstimate(qv, Vector512.LoadUnsafe(ref m, b1 + (nuint)d), a1);
                a2 = Vector512.MultiplyAddEstimate(qv, Vector512.LoadUnsafe(ref m, b2 + (nuint)d), a2);
                a3 = Vector512.MultiplyAddEstimate(qv, Vector512.LoadUnsafe(ref m, b3 + (nuint)d), a3);
            }

            if (tail != 0)
            {
                a0 = Vector512.MultiplyAddEstimate(qTail, Vector512.LoadUnsafe(ref m, b0 + (nuint)last), a0);
                a1 = Vector512.MultiplyAddEstimate(qTail, Vector512.LoadUnsafe(ref m, b1 + (nuint)last), a1);
                a2 = Vector512.MultiplyAddEstimate(qTail, Vector512.LoadUnsafe(ref m, b2 + (nuint)last), a2);
                a3 = Vector512.MultiplyAddEstimate(qTail, Vector512.LoadUnsafe(ref m, b3 + (nuint)last), a3);
            }

            Unsafe.Add(ref dst, r) = Vector512.Sum(a0);
            if (r + 3 < count)
            {
                Unsafe.Add(ref dst, r + 1) = Vector512.Sum(a1);
                Unsafe.Add(ref dst, r + 2) = Vector512.Sum(a2);
                Unsafe.Add(ref dst, r + 3) = Vector512.Sum(a3);
            }
            else
            {
                if (r + 1 < count)
                {
                    Unsafe.Add(ref dst, r + 1) = Vector512.Sum(a1);
                }

                if (r + 2 < count)
                {
                    Unsafe.Add(ref dst, r + 2) = Vector512.Sum(a2);
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
        int last = dimension - W;
        int tail = dimension % W;
        Vector256<float> qTail = tail == 0
            ? Vector256<float>.Zero
            : Vector256.ConditionalSelect(
                Vector256.GreaterThanOrEqual(Vector256<int>.Indices, Vector256.Create(W - tail)).AsSingle(),
                Vector256.LoadUnsafe(ref q, (nuint)last),
                Vector256<float>.Zero);
        int mainEnd = dimension - tail;

        int count = destination.Length;
        ref float dst = ref MemoryMarshal.GetReference(destination);
        for (int r = 0; r < count; r += 4)
        {
            // A short last block repeats its last row: every row is summed in the same order
            // wherever it falls, so a persona's score does not depend on its position.
            int lastRow = count - 1;
            nuint b0 = (nuint)(r * dimension);
            nuint b1 = (nuint)(Math.Min(r + 1, lastRow) * dimension);
            nuint b2 = (nuint)(Math.Min(r + 2, lastRow) * dimension);
            nuint b3 = (nuint)(Math.Min(r + 3, lastRow) * dimension);
            Vector256<float> a0 = Vector256<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0; d < mainEnd; d += W)
            {
                Vector256<float> qv = Vector256.LoadUnsafe(ref q, (nuint)d);
                a0 = Vector256.MultiplyAddEstimate(qv, Vector256.LoadUnsafe(ref m, b0 + (nuint)d), a0);
                a1 = Vector256.MultiplyAddEstimate(qv, Vector256.LoadUnsafe(ref m, b1 + (nuint)d), a1);
                a2 = Vector256.MultiplyAddEstimate(qv, Vector256.LoadUnsafe(ref m, b2 + (nuint)d), a2);
                a3 = Vector256.MultiplyAddEstimate(qv, Vector256.LoadUnsafe(ref m, b3 + (nuint)d), a3);
            }

            if (tail != 0)
            {
                a0 = Vector256.MultiplyAddEstimate(qTail, Vector256.LoadUnsafe(ref m, b0 + (nuint)last), a0);
                a1 = Vector256.MultiplyAddEstimate(qTail, Vector256.LoadUnsafe(ref m, b1 + (nuint)last), a1);
                a2 = Vector256.MultiplyAddEstimate(qTail, Vector256.LoadUnsafe(ref m, b2 + (nuint)last), a2);
                a3 = Vector256.MultiplyAddEstimate(qTail, Vector256.LoadUnsafe(ref m, b3 + (nuint)last), a3);
            }

            Unsafe.Add(ref dst, r) = Vector256.Sum(a0);
            if (r + 3 < count)
            {
                Unsafe.Add(ref dst, r + 1) = Vector256.Sum(a1);
                Unsafe.Add(ref dst, r + 2) = Vector256.Sum(a2);
                Unsafe.Add(ref dst, r + 3) = Vector256.Sum(a3);
            }
            else
            {
                if (r + 1 < count)
                {
                    Unsafe.Add(ref dst, r + 1) = Vector256.Sum(a1);
                }

                if (r + 2 < count)
                {
                    Unsafe.Add(ref dst, r + 2) = Vector256.Sum(a2);
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
        int last = dimension - W;
        int tail = dimension % W;
        Vector128<float> qTail = tail == 0
            ? Vector128<float>.Zero
            : Vector128.ConditionalSelect(
                Vector128.GreaterThanOrEqual(Vector128<int>.Indices, Vector128.Create(W - tail)).AsSingle(),
                Vector128.LoadUnsafe(ref q, (nuint)last),
                Vector128<float>.Zero);
        int mainEnd = dimension - tail;

        int count = destination.Length;
        ref float dst = ref MemoryMarshal.GetReference(destination);
        for (int r = 0; r < count; r += 4)
        {
            // A short last block repeats its last row: every row is summed in the same order
            // wherever it falls, so a persona's score does not depend on its position.
            int lastRow = count - 1;
            nuint b0 = (nuint)(r * dimension);
            nuint b1 = (nuint)(Math.Min(r + 1, lastRow) * dimension);
            nuint b2 = (nuint)(Math.Min(r + 2, lastRow) * dimension);
            nuint b3 = (nuint)(Math.Min(r + 3, lastRow) * dimension);
            Vector128<float> a0 = Vector128<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (int d = 0; d < mainEnd; d += W)
            {
                Vector128<float> qv = Vector128.LoadUnsafe(ref q, (nuint)d);
                a0 = Vector128.MultiplyAddEstimate(qv, Vector128.LoadUnsafe(ref m, b0 + (nuint)d), a0);
                a1 = Vector128.MultiplyAddEstimate(qv, Vector128.LoadUnsafe(ref m, b1 + (nuint)d), a1);
                a2 = Vector128.MultiplyAddEstimate(qv, Vector128.LoadUnsafe(ref m, b2 + (nuint)d), a2);
                a3 = Vector128.MultiplyAddEstimate(qv, Vector128.LoadUnsafe(ref m, b3 + (nuint)d), a3);
            }

            if (tail != 0)
            {
                a0 = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b0 + (nuint)last), a0);
                a1 = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b1 + (nuint)last), a1);
                a2 = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b2 + (nuint)last), a2);
                a3 = Vector128.MultiplyAddEstimate(qTail, Vector128.LoadUnsafe(ref m, b3 + (nuint)last), a3);
            }

            Unsafe.Add(ref dst, r) = Vector128.Sum(a0);
            if (r + 3 < count)
            {
                Unsafe.Add(ref dst, r + 1) = Vector128.Sum(a1);
                Unsafe.Add(ref dst, r + 2) = Vector128.Sum(a2);
                Unsafe.Add(ref dst, r + 3) = Vector128.Sum(a3);
            }
            else
            {
                if (r + 1 < count)
                {
                    Unsafe.Add(ref dst, r + 1) = Vector128.Sum(a1);
                }

                if (r + 2 < count)
                {
                    Unsafe.Add(ref dst, r + 2) = Vector128.Sum(a2);
                }
            }
        }
    }
}
