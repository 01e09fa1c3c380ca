using System.Numerics.Tensors;
using Persona4Rec.Alignment;
using Persona4Rec.Checks;
using Persona4Rec.Internal;

namespace Persona4Rec;

/// <summary>
/// A trained linear map on top of the frozen encoder, applied to both user and persona vectors:
/// y = W x / ‖W x‖ with W = I + U·Vᵀ, where U and V are dimension × rank. It moves a user's
/// profile towards the personas that explain the user's choices (the method's "dedicated
/// encoder", here as a light layer on frozen vectors). Train one with <c>AlignmentTrainer</c> (package Persona4Rec.Evaluation),
/// attach it to an index with <see cref="PersonaIndex.WithAlignment"/>; the index file stores it.
/// </summary>
/// <remarks>Immutable and safe for concurrent use by any number of threads.</remarks>
public sealed class AlignmentLayer
{
    /// <summary>Ranks up to this size keep the projection scratch on the stack.</summary>
    private const int StackallocRankLimit = 256;

    private readonly float[] _up;
    private readonly float[] _down;

    /// <summary>Creates a layer from its parameters, for example ones trained elsewhere.</summary>
    /// <param name="dimension">The vector dimension D.</param>
    /// <param name="rank">The rank r, 1 to D.</param>
    /// <param name="up">Uᵀ: r rows of D values, row-major (row k is the k-th column of U).</param>
    /// <param name="down">Vᵀ: r rows of D values, row-major.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimension"/> or <paramref name="rank"/> is out of range, or r × D exceeds <see cref="PersonaIndexLimits.MaxAlignmentValues"/>.</exception>
    /// <exception cref="ArgumentException">A matrix does not hold r × D values, or holds a NaN or infinite value.</exception>
    public AlignmentLayer(int dimension, int rank, ReadOnlySpan<float> up, ReadOnlySpan<float> down)
        : this(dimension, rank, Validated(dimension, rank, up, nameof(up)), Validated(dimension, rank, down, nameof(down)))
    {
    }

    private AlignmentLayer(int dimension, int rank, float[] up, float[] down)
    {
        Dimension = dimension;
        Rank = rank;
        _up = up;
        _down = down;
    }

    /// <summary>Wraps already validated arrays; the caller hands over ownership.</summary>
    internal static AlignmentLayer FromOwned(int dimension, int rank, float[] up, float[] down) => new(dimension, rank, up, down);

    /// <summary>Gets the vector dimension D.</summary>
    public int Dimension { get; }

    /// <summary>Gets the rank r of the update U·Vᵀ.</summary>
    public int Rank { get; }

    /// <summary>Gets Uᵀ, r × D row-major.</summary>
    internal ReadOnlySpan<float> Up => _up;

    /// <summary>Gets Vᵀ, r × D row-major.</summary>
    internal ReadOnlySpan<float> Down => _down;

    /// <summary>Applies the layer: writes W x / ‖W x‖.</summary>
    /// <param name="vector">The input x, of length <see cref="Dimension"/>; need not be unit length.</param>
    /// <param name="destination">Receives the unit-length result in its first <see cref="Dimension"/> values; may be the same span as <paramref name="vector"/>.</param>
    /// <exception cref="ArgumentException">The vector has the wrong dimension, a NaN or infinite value, or zero length; W maps it to zero; or <paramref name="destination"/> is too short.</exception>
    public void Apply(ReadOnlySpan<float> vector, Span<float> destination)
    {
        if (destination.Length < Dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; the layer writes {Dimension}.", nameof(destination));
        }

        Span<float> target = destination[..Dimension];
        VectorChecks.Normalize(vector, target, Dimension, nameof(vector));
        ApplyToUnit(target, nameof(vector));
    }

    /// <summary>Replaces an already validated unit vector by W x / ‖W x‖, in place.</summary>
    internal void ApplyToUnit(Span<float> vector, string paramName)
    {
        using (var h = new PooledBuffer<float>(Rank, stackalloc float[StackallocRankLimit]))
        {
            LowRankProjection.Forward<float>(vector, _up, _down, h.Span, vector);
        }

        // A zero, subnormal, infinite or NaN norm: W annihilates the vector or overflows.
        if (!float.IsNormal(LowRankProjection.NormalizeInPlace(vector)))
        {
            throw new ArgumentException("The alignment layer maps the vector to zero (or overflows), so its direction is undefined.", paramName);
        }
    }

    private static float[] Validated(int dimension, int rank, ReadOnlySpan<float> values, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, PersonaIndexLimits.MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rank, dimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((long)rank * dimension, PersonaIndexLimits.MaxAlignmentValues, nameof(rank));
        if (values.Length != rank * dimension)
        {
            throw new ArgumentException($"The matrix holds {values.Length} values; rank {rank} × dimension {dimension} needs {rank * dimension}.", paramName);
        }

        if (!TensorPrimitives.IsFiniteAll(values))
        {
            throw new ArgumentException("The matrix holds a NaN or infinite value.", paramName);
        }

        return values.ToArray();
    }
}
