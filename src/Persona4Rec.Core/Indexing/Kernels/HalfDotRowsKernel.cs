using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <summary>
/// Dot products of one float32 query with many IEEE half-precision rows: the scan kernel of a
/// float16 index.
/// </summary>
/// <remarks>
/// Halves are widened to float32 in registers with three operations after a sign-extending widen
/// (shift left by 13, mask, multiply by 2¹¹² to rebias — exact for normal and subnormal halves and
/// both zeros), then multiplied with the query by FMA; a first version that masked and re-inserted
/// the sign separately took six and was no faster than the float32 scan. Stored halves are always finite (the
/// loader and the encoder check), so infinities and NaNs need no handling. One row at a time with
/// two accumulators, a fixed scalar tail: a row gives the same bits wherever it sits, so rerank and
/// scan agree. Tiers: Vector512 → Vector256 → Vector128 → scalar, one template;
/// <see cref="DotRowsScalar"/> is the reference.
/// </remarks>
internal static partial class HalfDotRowsKernel
{
    /// <summary>Writes <c>dot(query, row r)</c> into <paramref name="destination"/>[r] for every row.</summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major half-precision rows, <c>destination.Length * dimension</c> values.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per row.</param>
    public static void DotRows(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, int dimension, Span<float> destination)
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

    /// <summary>Writes <c>dot(query, row rowIndices[k])</c> into <paramref name="destination"/>[k] for every k, prefetching rows ahead (<see cref="RowPrefetch"/>): the rerank's rows.</summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major half-precision rows, a multiple of <paramref name="dimension"/> values.</param>
    /// <param name="rowIndices">The rows to score; each must name a row of <paramref name="rows"/>.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per index.</param>
    public static void DotGatheredRows(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        Debug.Assert(query.Length == dimension);
        Debug.Assert(destination.Length == rowIndices.Length);
        DotRowsKernel.AssertRowsExist(rowIndices, rows.Length, dimension);

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

    /// <summary>The plain reference: convert each half, one multiply-add at a time, in index order.</summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major half-precision rows.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per row.</param>
    public static void DotRowsScalar(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, int dimension, Span<float> destination)
    {
        for (int r = 0; r < destination.Length; r++)
        {
            ReadOnlySpan<Half> row = rows.Slice(r * dimension, dimension);
            float sum = 0f;
            for (int d = 0; d < dimension; d++)
            {
                sum += query[d] * (float)row[d];
            }

            destination[r] = sum;
        }
    }

    /// <summary>The reference for <see cref="DotGatheredRows"/>: <see cref="DotRowsScalar"/> on each named row.</summary>
    /// <param name="query">The query, of length <paramref name="dimension"/>.</param>
    /// <param name="rows">Row-major half-precision rows.</param>
    /// <param name="rowIndices">The rows to score.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per index.</param>
    public static void DotGatheredRowsScalar(ReadOnlySpan<float> query, ReadOnlySpan<Half> rows, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        for (int k = 0; k < rowIndices.Length; k++)
        {
            DotRowsScalar(query, rows.Slice(rowIndices[k] * dimension, dimension), dimension, destination.Slice(k, 1));
        }
    }

    /// <summary>2¹¹², the factor that moves a half's exponent bias (15) to a float's (127).</summary>
    private static float Rebias => BitConverter.Int32BitsToSingle((127 + 112) << 23);
}
