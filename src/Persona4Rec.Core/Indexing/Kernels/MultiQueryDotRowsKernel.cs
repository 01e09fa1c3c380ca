using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace Persona4Rec.Indexing.Kernels;

/// <summary>
/// Dot products of <see cref="QueryCount"/> queries with many contiguous rows in one pass: each
/// row is loaded from memory once and multiplied with four queries held in L1, so a batch of users
/// pays the memory-bound scan once per four users instead of once per user.
/// </summary>
/// <remarks>
/// Each query's sum for a row is accumulated in exactly the order of
/// <see cref="DotRowsKernel.DotRowsStreaming"/> on the same tier (two accumulators for the even and
/// odd vector steps, the masked tail in the odd one), so the results are bit-identical to scoring
/// the users one by one: a batch search returns the same items and scores as single searches.
/// Tiers: Vector512 → Vector256 → Vector128 → scalar, chosen once per call.
/// <see cref="DotRowsScalar"/> is the reference the tests compare against.
/// </remarks>
internal static partial class MultiQueryDotRowsKernel
{
    /// <summary>The queries scored per pass; a shorter batch repeats its last query.</summary>
    public const int QueryCount = 4;

    /// <summary>
    /// Writes <c>dot(query q, row r)</c> into <paramref name="destination"/>[q × <paramref name="stride"/> + r].
    /// </summary>
    /// <param name="queries"><see cref="QueryCount"/> queries of <paramref name="dimension"/> values, back to back.</param>
    /// <param name="rows">Row-major rows, <paramref name="count"/> × <paramref name="dimension"/> values.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="destination">At least <c>3 × stride + count</c> slots.</param>
    /// <param name="stride">The distance between two queries' results, at least <paramref name="count"/>.</param>
    public static void DotRows(ReadOnlySpan<float> queries, ReadOnlySpan<float> rows, int dimension, int count, Span<float> destination, int stride)
    {
        Debug.Assert(queries.Length == QueryCount * dimension);
        Debug.Assert(rows.Length == count * dimension && count <= stride);
        Debug.Assert(destination.Length >= ((QueryCount - 1) * stride) + count);

        if (Vector512.IsHardwareAccelerated && dimension >= Vector512<float>.Count)
        {
            DotRows512(queries, rows, dimension, count, destination, stride);
        }
        else if (Vector256.IsHardwareAccelerated && dimension >= Vector256<float>.Count)
        {
            DotRows256(queries, rows, dimension, count, destination, stride);
        }
        else if (Vector128.IsHardwareAccelerated && dimension >= Vector128<float>.Count)
        {
            DotRows128(queries, rows, dimension, count, destination, stride);
        }
        else
        {
            DotRowsScalar(queries, rows, dimension, count, destination, stride);
        }
    }

    /// <summary>The reference: <see cref="DotRowsKernel.DotRowsScalar"/> once per query.</summary>
    /// <param name="queries"><see cref="QueryCount"/> queries of <paramref name="dimension"/> values, back to back.</param>
    /// <param name="rows">Row-major rows, <paramref name="count"/> × <paramref name="dimension"/> values.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="destination">At least <c>3 × stride + count</c> slots.</param>
    /// <param name="stride">The distance between two queries' results, at least <paramref name="count"/>.</param>
    public static void DotRowsScalar(ReadOnlySpan<float> queries, ReadOnlySpan<float> rows, int dimension, int count, Span<float> destination, int stride)
    {
        for (int q = 0; q < QueryCount; q++)
        {
            DotRowsKernel.DotRowsScalar(queries.Slice(q * dimension, dimension), rows, dimension, destination.Slice(q * stride, count));
        }
    }
}
