using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

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
        float maxAbs = 0f;
        foreach (float v in query)
        {
            maxAbs = MathF.Max(maxAbs, MathF.Abs(v));
        }

        int limit = MaxQueryCode(query.Length);
        if (maxAbs == 0f)
        {
            destination.Clear();
            return 0f;
        }

        float inverse = limit / maxAbs;
        for (int d = 0; d < query.Length; d++)
        {
            destination[d] = (short)Math.Clamp(MathF.Round(query[d] * inverse), -limit, limit);
        }

        return maxAbs / limit;
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

    /// <summary>The one place an integer sum becomes a score, so that every tier rounds identically.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish(int sum, float rowScale, float queryScale) => sum * (rowScale * queryScale);
}
