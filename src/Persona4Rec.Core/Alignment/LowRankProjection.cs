using System.Numerics;
using System.Numerics.Tensors;

namespace Persona4Rec.Alignment;

/// <summary>
/// The math of the alignment layer, generic so that training runs in <see cref="float"/> and the
/// gradient check runs the very same code in <see cref="double"/>. The layer is
/// W = I + Upᵀ·Down with <c>Up</c> and <c>Down</c> of shape rank × dimension (row-major), and
/// y = W x / ‖W x‖.
/// </summary>
internal static class LowRankProjection
{
    /// <summary>Writes h = Down·x and a = x + Upᵀ·h. <paramref name="a"/> may be the same span as <paramref name="x"/>.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> up, ReadOnlySpan<T> down, Span<T> h, Span<T> a)
        where T : IFloatingPointIeee754<T>
    {
        int dimension = x.Length;
        for (int k = 0; k < h.Length; k++)
        {
            h[k] = TensorPrimitives.Dot(down.Slice(k * dimension, dimension), x);
        }

        x.CopyTo(a);
        for (int k = 0; k < h.Length; k++)
        {
            TensorPrimitives.MultiplyAdd(up.Slice(k * dimension, dimension), h[k], a, a);
        }
    }

    /// <summary>
    /// Given dL/da for a = x + Upᵀ·h, h = Down·x, adds dL/dUp = h·daᵀ and dL/dDown = (Up·da)·xᵀ
    /// to the gradient accumulators.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> h, ReadOnlySpan<T> da, ReadOnlySpan<T> up, Span<T> gradUp, Span<T> gradDown)
        where T : IFloatingPointIeee754<T>
    {
        int dimension = x.Length;
        for (int k = 0; k < h.Length; k++)
        {
            Span<T> gradUpRow = gradUp.Slice(k * dimension, dimension);
            Span<T> gradDownRow = gradDown.Slice(k * dimension, dimension);
            T dh = TensorPrimitives.Dot(up.Slice(k * dimension, dimension), da);
            TensorPrimitives.MultiplyAdd(da, h[k], gradUpRow, gradUpRow);
            TensorPrimitives.MultiplyAdd(x, dh, gradDownRow, gradDownRow);
        }
    }

    /// <summary>Normalises <paramref name="a"/> in place and returns its norm before normalisation (0 leaves it unchanged).</summary>
    public static T NormalizeInPlace<T>(Span<T> a)
        where T : IFloatingPointIeee754<T>
    {
        T norm = TensorPrimitives.Norm<T>(a);
        if (T.IsNormal(norm))
        {
            TensorPrimitives.Divide(a, norm, a);
        }

        return norm;
    }

    /// <summary>Backpropagates through z = a/‖a‖: da = (dz − z·(z·dz)) / ‖a‖.</summary>
    public static void NormalizeBackward<T>(ReadOnlySpan<T> z, T norm, ReadOnlySpan<T> dz, Span<T> da)
        where T : IFloatingPointIeee754<T>
    {
        T along = TensorPrimitives.Dot(z, dz);
        TensorPrimitives.MultiplyAdd(z, -along, dz, da);
        TensorPrimitives.Divide(da, norm, da);
    }
}
