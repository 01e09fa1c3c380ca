using System.Numerics;
using System.Numerics.Tensors;
using Persona4Rec.Alignment;

namespace Persona4Rec.Evaluation.Alignment;

/// <summary>
/// InfoNCE with in-batch negatives through the alignment layer, with its analytic gradient.
/// Row b of the batch is a user vector u_b; the columns are the batch's distinct positive personas
/// p_c, and <c>targets[b]</c> is the column of u_b's own positive, so every other positive in the
/// batch is a negative for u_b. With z = W u/‖W u‖, w = W p/‖W p‖ and s_bc = z_b·w_c/τ:
/// L = (1/B) Σ_b [log Σ_c exp(s_bc) − s_b,target(b)].
/// </summary>
internal static class InfoNceLoss
{
    /// <summary>Computes the mean loss and writes its gradient with respect to <paramref name="parameters"/>.</summary>
    /// <param name="users">B user vectors, row-major.</param>
    /// <param name="personas">C distinct persona vectors, row-major.</param>
    /// <param name="targets">For each user, the row of its positive in <paramref name="personas"/>.</param>
    /// <param name="dimension">D.</param>
    /// <param name="parameters">Up (rank × D) followed by Down (rank × D).</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <param name="gradient">Receives dL/dparameters, same layout; overwritten.</param>
    /// <returns>The mean loss over the batch.</returns>
    public static T Compute<T>(
        ReadOnlySpan<T> users,
        ReadOnlySpan<T> personas,
        ReadOnlySpan<int> targets,
        int dimension,
        ReadOnlySpan<T> parameters,
        T temperature,
        Span<T> gradient)
        where T : IFloatingPointIeee754<T>
    {
        int batch = targets.Length;
        int columns = personas.Length / dimension;
        int half = parameters.Length / 2;
        int rank = half / dimension;
        ReadOnlySpan<T> up = parameters[..half];
        ReadOnlySpan<T> down = parameters[half..];

        Side<T> user = Side<T>.Forward(users, batch, dimension, rank, up, down);
        Side<T> persona = Side<T>.Forward(personas, columns, dimension, rank, up, down);

        // Row-wise softmax of the logits; grad holds dL/ds = (softmax − onehot)/B.
        var grad = new T[batch * columns];
        T inverseTemperature = T.One / temperature;
        T batchSize = T.CreateChecked(batch);
        T loss = T.Zero;
        for (int b = 0; b < batch; b++)
        {
            Span<T> row = grad.AsSpan(b * columns, columns);
            for (int c = 0; c < columns; c++)
            {
                row[c] = TensorPrimitives.Dot(user.Unit(b), persona.Unit(c)) * inverseTemperature;
            }

            T max = TensorPrimitives.Max<T>(row);
            T positive = row[targets[b]];
            TensorPrimitives.Subtract(row, max, row);
            TensorPrimitives.Exp<T>(row, row);
            T sum = TensorPrimitives.Sum<T>(row);
            loss += T.Log(sum) + max - positive;
            TensorPrimitives.Divide(row, sum * batchSize, row);
            row[targets[b]] -= T.One / batchSize;
        }

        // dL/dz_b = Σ_c g_bc w_c / τ and dL/dw_c = Σ_b g_bc z_b / τ.
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < columns; c++)
            {
                T g = grad[(b * columns) + c] * inverseTemperature;
                TensorPrimitives.MultiplyAdd(persona.Unit(c), g, user.UnitGradient(b), user.UnitGradient(b));
                TensorPrimitives.MultiplyAdd(user.Unit(b), g, persona.UnitGradient(c), persona.UnitGradient(c));
            }
        }

        gradient.Clear();
        Span<T> gradUp = gradient[..half];
        Span<T> gradDown = gradient[half..];
        user.Backward(users, dimension, up, gradUp, gradDown);
        persona.Backward(personas, dimension, up, gradUp, gradDown);
        return loss / batchSize;
    }

    /// <summary>The forward state of one side (users or personas): h, the unit outputs, their norms and the gradient w.r.t. them.</summary>
    private sealed class Side<T>
        where T : IFloatingPointIeee754<T>
    {
        private readonly int _dimension;
        private readonly int _rank;
        private readonly T[] _h;
        private readonly T[] _unit;
        private readonly T[] _norms;
        private readonly T[] _unitGradient;

        private Side(int rows, int dimension, int rank)
        {
            _dimension = dimension;
            _rank = rank;
            _h = new T[rows * rank];
            _unit = new T[rows * dimension];
            _norms = new T[rows];
            _unitGradient = new T[rows * dimension];
        }

        public static Side<T> Forward(ReadOnlySpan<T> inputs, int rows, int dimension, int rank, ReadOnlySpan<T> up, ReadOnlySpan<T> down)
        {
            var side = new Side<T>(rows, dimension, rank);
            for (int i = 0; i < rows; i++)
            {
                Span<T> unit = side._unit.AsSpan(i * dimension, dimension);
                LowRankProjection.Forward(inputs.Slice(i * dimension, dimension), up, down, side._h.AsSpan(i * rank, rank), unit);
                side._norms[i] = LowRankProjection.NormalizeInPlace(unit);
            }

            return side;
        }

        public ReadOnlySpan<T> Unit(int row) => _unit.AsSpan(row * _dimension, _dimension);

        public Span<T> UnitGradient(int row) => _unitGradient.AsSpan(row * _dimension, _dimension);

        public void Backward(ReadOnlySpan<T> inputs, int dimension, ReadOnlySpan<T> up, Span<T> gradUp, Span<T> gradDown)
        {
            var da = new T[dimension];
            for (int i = 0; i < _norms.Length; i++)
            {
                LowRankProjection.NormalizeBackward(Unit(i), _norms[i], UnitGradient(i), da);
                LowRankProjection.Backward(inputs.Slice(i * dimension, dimension), _h.AsSpan(i * _rank, _rank), da, up, gradUp, gradDown);
            }
        }
    }
}
