using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <summary>
/// Dot products of one query with many rows: the hot loop of max-over-personas scoring.
/// </summary>
/// <remarks>
/// The rerank's rows (<see cref="DotGatheredRows"/>) are all candidates' persona rows in one list,
/// wherever they sit in the index, so one call scores a whole candidate list with no per-item
/// dispatch, and the rows of later candidates are prefetched while earlier ones are scored. They
/// are processed four at a time, each with two accumulators (even and odd vector steps), so
/// that eight independent FMA chains hide the FMA latency and each query load feeds four rows;
/// one row with one accumulator is bound by the FMA latency, at about half this speed. A short
/// last block repeats its last row instead of switching to a narrower loop, so every row is
/// summed in exactly the same order wherever it sits: rerank and full scan agree bit for bit,
/// whatever the insertion order or the candidates around it. <see cref="DotRowsStreaming"/> gives the same sums one row at a
/// time, for full scans, where one memory stream keeps up with the bandwidth better than four.
/// Tiers: Vector512 → Vector256 → Vector128 → scalar, chosen once per call; the dimension tail is
/// handled by re-reading the last full vector with the already-counted lanes of the query masked
/// to zero, so no scalar tail loop runs when <c>dimension</c> ≥ the vector width.
/// <see cref="DotRowsScalar"/> is the reference the tests and benchmarks compare against.
/// </remarks>
internal static partial class DotRowsKernel
{
    /// <summary>
    /// Writes <c>dot(query, row rowIndices[k])</c> into <paramref name="destination"/>[k] for every
    /// k: the rerank's rows, wherever they sit in the index, prefetched ahead of their turn
    /// (<see cref="RowPrefetch"/>).
    /// </summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major rows, a multiple of <paramref name="dimension"/> values.</param>
    /// <param name="rowIndices">The rows to score; each must name a row of <paramref name="rows"/>.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per index.</param>
    public static void DotGatheredRows(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        Debug.Assert(query.Length == dimension);
        Debug.Assert(destination.Length == rowIndices.Length);
        AssertRowsExist(rowIndices, rows.Length, dimension);

        if (Vector512.IsHardwareAccelerated && dimension >= Vector512<float>.Count)
        {
            DotGatheredRows512(query, rows, rowIndices, dimension, destination);
        }
        else if (Vector256.IsHardwareAccelerated && dimension >= Vector256<float>.Count)
        {
            DotGatheredRows256(query, rows, rowIndices, dimension, destination);
        }
        else if (Vector128.IsHardwareAccelerated && dimension >= Vector128<float>.Count)
        {
            DotGatheredRows128(query, rows, rowIndices, dimension, destination);
        }
        else
        {
            DotGatheredRowsScalar(query, rows, rowIndices, dimension, destination);
        }
    }

    /// <summary>
    /// The same results as <see cref="DotGatheredRows"/> for the rows in order, bit for bit,
    /// computed one row at a time: the access pattern for scanning many rows from memory.
    /// </summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major rows, <c>destination.Length * dimension</c> values.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per row.</param>
    public static void DotRowsStreaming(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimension, Span<float> destination)
    {
        Debug.Assert(query.Length == dimension);
        Debug.Assert(rows.Length == destination.Length * dimension);

        if (Vector512.IsHardwareAccelerated && dimension >= Vector512<float>.Count)
        {
            DotRowsStreaming512(query, rows, dimension, destination);
        }
        else if (Vector256.IsHardwareAccelerated && dimension >= Vector256<float>.Count)
        {
            DotRowsStreaming256(query, rows, dimension, destination);
        }
        else if (Vector128.IsHardwareAccelerated && dimension >= Vector128<float>.Count)
        {
            DotRowsStreaming128(query, rows, dimension, destination);
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

    /// <summary>The reference for <see cref="DotGatheredRows"/>: <see cref="DotRowsScalar"/> on each named row.</summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major rows, a multiple of <paramref name="dimension"/> values.</param>
    /// <param name="rowIndices">The rows to score.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per index.</param>
    public static void DotGatheredRowsScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        for (int k = 0; k < rowIndices.Length; k++)
        {
            DotRowsScalar(query, rows.Slice(rowIndices[k] * dimension, dimension), dimension, destination.Slice(k, 1));
        }
    }

    /// <summary>Checks in debug builds what the gathered tiers take on trust: every index names an existing row.</summary>
    [Conditional("DEBUG")]
    internal static void AssertRowsExist(ReadOnlySpan<int> rowIndices, int values, int rowLength)
    {
        // Rows of no values (dimension 0) exist wherever they are named.
        int rowCount = rowLength == 0 ? int.MaxValue : values / rowLength;
        foreach (int row in rowIndices)
        {
            Debug.Assert((uint)row < (uint)rowCount, $"Row {row} is outside [0, {rowCount}).");
        }
    }
}
