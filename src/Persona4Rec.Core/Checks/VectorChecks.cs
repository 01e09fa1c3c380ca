using System.Numerics.Tensors;
using Persona4Rec.Internal;

namespace Persona4Rec.Checks;

/// <summary>Validation and normalisation of query and persona vectors.</summary>
internal static class VectorChecks
{
    /// <summary>Checks that <paramref name="vector"/> has the expected length, only finite values and a non-zero norm.</summary>
    /// <returns>The L2 norm of the vector.</returns>
    public static float ValidateAndGetNorm(ReadOnlySpan<float> vector, int expectedDimension, string paramName)
    {
        if (vector.Length != expectedDimension)
        {
            ThrowHelper.ThrowDimensionMismatch(paramName, expectedDimension, vector.Length);
        }

        // One pass in the common case: a NaN makes the sum of squares NaN and an infinity makes it
        // +∞, so a finite positive sum proves every value finite (a rerank is a few microseconds;
        // a separate finiteness pass over 384 values was a measurable part of it).
        float squares = TensorPrimitives.SumOfSquares(vector);
        if (squares > 0 && float.IsFinite(squares))
        {
            return MathF.Sqrt(squares);
        }

        if (!TensorPrimitives.IsFiniteAll(vector))
        {
            ThrowHelper.ThrowNotFinite(paramName, IndexOfNonFinite(vector));
        }

        // Rare: the float sum under- or overflowed (tiny or huge but finite values); redo it in double.
        double sumOfSquares = 0;
        foreach (float value in vector)
        {
            sumOfSquares += (double)value * value;
        }

        if (sumOfSquares == 0)
        {
            ThrowHelper.ThrowZeroNorm(paramName);
        }

        return (float)Math.Sqrt(sumOfSquares);
    }

    /// <summary>Validates <paramref name="source"/> and writes its unit-length copy to <paramref name="destination"/>.</summary>
    public static void Normalize(ReadOnlySpan<float> source, Span<float> destination, int expectedDimension, string paramName)
    {
        float norm = ValidateAndGetNorm(source, expectedDimension, paramName);
        if (float.IsNormal(norm))
        {
            TensorPrimitives.Divide(source, norm, destination);
            return;
        }

        // The norm itself is not a normal float (values near float.MaxValue or subnormal):
        // scale by the largest magnitude first, which is exact enough and cannot overflow.
        TensorPrimitives.Divide(source, MathF.Abs(TensorPrimitives.MaxMagnitude(source)), destination);
        TensorPrimitives.Divide(destination, TensorPrimitives.Norm(destination), destination);
    }

    private static int IndexOfNonFinite(ReadOnlySpan<float> vector)
    {
        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
