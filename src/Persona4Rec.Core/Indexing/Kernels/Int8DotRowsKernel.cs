using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Persona4Rec.Internal;

namespace Persona4Rec.Indexing.Kernels;

/// <summary>
/// Dot products of one query with many int8 rows (symmetric, one scale per row): the scan kernel
/// of an int8 index.
/// </summary>
/// <remarks>
/// The query is quantised once per search to int16 (<see cref="QuantizeQuery"/>), so each row is
/// an exact integer dot product — sign-extend 16 codes to int16 and multiply-add adjacent pairs
/// into int32 (<c>vpmaddwd</c>), three instructions per 16 values — followed by one multiply by
/// the two scales. Integer sums do not depend on the order of addition, so every tier gives the
/// bit-identical result of <see cref="DotRowsScalar"/>, and a row scores the same in a rerank and
/// in a scan. The int16 query range is chosen from the dimension so that no partial sum can
/// overflow int32 (|Σ qᵢcᵢ| ≤ 127 · qMax · D by Cauchy–Schwarz). Tiers: AVX-512BW → AVX2 →
/// SSE4.1 → scalar (the integer multiply-add has no portable Vector API; other CPUs use scalar).
/// </remarks>
internal static partial class Int8DotRowsKernel
{
    /// <summary>The largest int8 code magnitude; -128 is never written, so the range is symmetric.</summary>
    public const int MaxCode = 127;

    /// <summary>The largest int16 query magnitude for a dimension, so that no int32 partial sum overflows.</summary>
    public static int MaxQueryCode(int dimension) => (int)Math.Min(short.MaxValue, int.MaxValue / ((long)MaxCode * Math.Max(dimension, 1)));

    /// <summary>Quantises a (normalised) query to int16 and returns its scale: <c>query ≈ scale · destination</c>.</summary>
    /// <param name="query">The query values, finite.</param>
    /// <param name="destination">Receives the codes; as long as <paramref name="query"/>.</param>
    /// <returns>The scale; 0 for an all-zero query.</returns>
    public static float QuantizeQuery(ReadOnlySpan<float> query, Span<short> destination)
    {
        Debug.Assert(destination.Length == query.Length);
        float maxAbs = query.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(query));
        int limit = MaxQueryCode(query.Length);
        if (maxAbs == 0f)
        {
            destination.Clear();
            return 0f;
        }

        // Vectorised: a scalar loop of rounds and clamps took about 0.8 µs of a 3 µs int8 rerank.
        // The same operations as QuantizeRow's scalar loop, so the codes are the same: multiply,
        // round half to even, clamp, then an exact conversion of integral values.
        using var scaled = new PooledBuffer<float>(query.Length, stackalloc float[Math.Min(query.Length, 1024)]);
        TensorPrimitives.Multiply(query, limit / maxAbs, scaled.Span);
        TensorPrimitives.Round(scaled.Span, scaled.Span);
        TensorPrimitives.Min(scaled.Span, limit, scaled.Span);
        TensorPrimitives.Max(scaled.Span, -limit, scaled.Span);
        NarrowIntegral(scaled.Span, destination);
        return maxAbs / limit;
    }

    /// <summary>
    /// Converts floats that hold integers within the int16 range to int16, exactly. Eight at a time
    /// where Vector128 is accelerated: <c>TensorPrimitives.ConvertTruncating&lt;float, short&gt;</c>
    /// converts one element at a time, about 0.4 µs for a 384-d query.
    /// </summary>
    private static void NarrowIntegral(ReadOnlySpan<float> source, Span<short> destination)
    {
        int d = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref float s = ref MemoryMarshal.GetReference(source);
            ref short t = ref MemoryMarshal.GetReference(destination);
            for (; d + 8 <= source.Length; d += 8)
            {
                Vector128<int> lower = Vector128.ConvertToInt32(Vector128.LoadUnsafe(ref s, (nuint)d));
                Vector128<int> upper = Vector128.ConvertToInt32(Vector128.LoadUnsafe(ref s, (nuint)(d + 4)));
                Vector128.Narrow(lower, upper).StoreUnsafe(ref t, (nuint)d);
            }
        }

        for (; d < source.Length; d++)
        {
            destination[d] = (short)source[d];
        }
    }

    /// <summary>Quantises one row symmetrically to int8 and returns its scale: <c>row ≈ scale · destination</c>.</summary>
    /// <param name="row">The row values, finite and not all zero.</param>
    /// <param name="destination">Receives codes in [-127, 127]; as long as <paramref name="row"/>.</param>
    /// <returns>The scale, max |row| / 127.</returns>
    public static float QuantizeRow(ReadOnlySpan<float> row, Span<sbyte> destination)
    {
        Debug.Assert(destination.Length == row.Length);
        float maxAbs = 0f;
        foreach (float v in row)
        {
            maxAbs = MathF.Max(maxAbs, MathF.Abs(v));
        }

        Debug.Assert(maxAbs > 0f);
        float inverse = MaxCode / maxAbs;
        for (int d = 0; d < row.Length; d++)
        {
            destination[d] = (sbyte)Math.Clamp(MathF.Round(row[d] * inverse), -MaxCode, MaxCode);
        }

        return maxAbs / MaxCode;
    }

    /// <summary>Writes <c>queryScale · rowScales[r] · Σ query·row r</c> into <paramref name="destination"/>[r] for every row.</summary>
    /// <param name="query">The int16 query from <see cref="QuantizeQuery"/>.</param>
    /// <param name="queryScale">The query's scale.</param>
    /// <param name="rows">Row-major codes, <c>destination.Length * dimension</c> values.</param>
    /// <param name="rowScales">One scale per row.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per row.</param>
    public static void DotRows(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, int dimension, Span<float> destination)
    {
        Debug.Assert(query.Length == dimension);
        Debug.Assert(rows.Length == destination.Length * dimension);
        Debug.Assert(rowScales.Length == destination.Length);

        if (Avx512BW.IsSupported && dimension >= 32)
        {
            DotRows512(query, queryScale, rows, rowScales, dimension, destination);
        }
        else if (Avx2.IsSupported && dimension >= 16)
        {
            DotRows256(query, queryScale, rows, rowScales, dimension, destination);
        }
        else if (Sse41.IsSupported && dimension >= 8)
        {
            DotRows128(query, queryScale, rows, rowScales, dimension, destination);
        }
        else
        {
            DotRowsScalar(query, queryScale, rows, rowScales, dimension, destination);
        }
    }

    /// <summary>Writes <c>queryScale · rowScales[i] · Σ query·row i</c> for each <c>i = rowIndices[k]</c> into <paramref name="destination"/>[k], prefetching rows ahead (<see cref="RowPrefetch"/>): the rerank's rows.</summary>
    /// <param name="query">The int16 query from <see cref="QuantizeQuery"/>.</param>
    /// <param name="queryScale">The query's scale.</param>
    /// <param name="rows">Row-major codes, a multiple of <paramref name="dimension"/> values.</param>
    /// <param name="rowScales">One scale per row of <paramref name="rows"/>.</param>
    /// <param name="rowIndices">The rows to score; each must name a row of <paramref name="rows"/>.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per index.</param>
    public static void DotGatheredRows(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        Debug.Assert(query.Length == dimension);
        Debug.Assert(dimension == 0 || rowScales.Length == rows.Length / dimension);
        Debug.Assert(destination.Length == rowIndices.Length);
        DotRowsKernel.AssertRowsExist(rowIndices, rowScales.Length, 1);

        if (Avx512BW.IsSupported && dimension >= 32)
        {
            DotGatheredRows512(query, queryScale, rows, rowScales, rowIndices, dimension, destination);
        }
        else if (Avx2.IsSupported && dimension >= 16)
        {
            DotGatheredRows256(query, queryScale, rows, rowScales, rowIndices, dimension, destination);
        }
        else if (Sse41.IsSupported && dimension >= 8)
        {
            DotGatheredRows128(query, queryScale, rows, rowScales, rowIndices, dimension, destination);
        }
        else
        {
            DotGatheredRowsScalar(query, queryScale, rows, rowScales, rowIndices, dimension, destination);
        }
    }

    /// <summary>The plain reference: one integer multiply-add at a time, then the two scales.</summary>
    /// <param name="query">The int16 query.</param>
    /// <param name="queryScale">The query's scale.</param>
    /// <param name="rows">Row-major codes.</param>
    /// <param name="rowScales">One scale per row.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per row.</param>
    public static void DotRowsScalar(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, int dimension, Span<float> destination)
    {
        for (int r = 0; r < destination.Length; r++)
        {
            ReadOnlySpan<sbyte> row = rows.Slice(r * dimension, dimension);
            int sum = 0;
            for (int d = 0; d < dimension; d++)
            {
                sum += query[d] * row[d];
            }

            destination[r] = Finish(sum, rowScales[r], queryScale);
        }
    }

    /// <summary>The reference for <see cref="DotGatheredRows"/>: <see cref="DotRowsScalar"/> on each named row.</summary>
    /// <param name="query">The int16 query.</param>
    /// <param name="queryScale">The query's scale.</param>
    /// <param name="rows">Row-major codes.</param>
    /// <param name="rowScales">One scale per row of <paramref name="rows"/>.</param>
    /// <param name="rowIndices">The rows to score.</param>
    /// <param name="dimension">Values per row.</param>
    /// <param name="destination">One slot per index.</param>
    public static void DotGatheredRowsScalar(ReadOnlySpan<short> query, float queryScale, ReadOnlySpan<sbyte> rows, ReadOnlySpan<float> rowScales, ReadOnlySpan<int> rowIndices, int dimension, Span<float> destination)
    {
        for (int k = 0; k < rowIndices.Length; k++)
        {
            int row = rowIndices[k];
            DotRowsScalar(query, queryScale, rows.Slice(row * dimension, dimension), rowScales.Slice(row, 1), dimension, destination.Slice(k, 1));
        }
    }

    /// <summary>Adds the scalar tail (codes from <paramref name="mainEnd"/> on) of the row at <paramref name="rowStart"/> to a vector sum and finishes the score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float FinishRow(ref short q, ref sbyte m, nuint rowStart, int sum, int mainEnd, int dimension, float rowScale, float queryScale)
    {
        for (int d = mainEnd; d < dimension; d++)
        {
            sum += Unsafe.Add(ref q, d) * Unsafe.Add(ref m, rowStart + (nuint)d);
        }

        return Finish(sum, rowScale, queryScale);
    }

    /// <summary>The one place an integer sum becomes a score, so that every tier rounds identically.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(int sum, float rowScale, float queryScale) => sum * (rowScale * queryScale);
}
