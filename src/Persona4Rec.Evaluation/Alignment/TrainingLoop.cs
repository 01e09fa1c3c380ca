using System.Diagnostics;

namespace Persona4Rec.Evaluation.Alignment;

/// <summary>
/// The epochs of alignment training: shuffled mini-batches, InfoNCE against the batch's distinct
/// positives, AdamW steps, validation after every epoch, early stopping with patience. Single
/// threaded, every random draw from one seeded generator: the same inputs give the same bits.
/// </summary>
internal sealed class TrainingLoop
{
    private readonly AlignmentTrainerOptions _options;
    private readonly PersonaIndex _index;
    private readonly TrainingPairs _pairs;
    private readonly ValidationSet _validation;
    private readonly IProgress<AlignmentEpoch>? _progress;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _dimension;

    public TrainingLoop(AlignmentTrainerOptions options, PersonaIndex index, TrainingPairs pairs, ValidationSet validation, IProgress<AlignmentEpoch>? progress)
    {
        _options = options;
        _index = index;
        _pairs = pairs;
        _validation = validation;
        _progress = progress;
        _dimension = index.Dimension;
    }

    public (AlignmentLayer Layer, int BestEpoch, List<AlignmentEpoch> Epochs) Run(CancellationToken cancellationToken)
    {
        int half = _options.Rank * _dimension;
        var random = new Random(_options.Seed);

        // LoRA-style start: Up = 0 makes W = I exactly; a random Down lets Up's gradient flow.
        var parameters = new float[2 * half];
        float scale = 1 / MathF.Sqrt(_dimension);
        for (int i = half; i < parameters.Length; i++)
        {
            parameters[i] = scale * Gaussian(random);
        }

        var gradient = new float[parameters.Length];
        var optimizer = new AdamW(parameters.Length, _options.LearningRate, _options.WeightDecay);
        int[] order = [.. Enumerable.Range(0, _pairs.Count)];

        var identity = AlignmentLayer.FromOwned(_dimension, _options.Rank, new float[half], new float[half]);
        var epochs = new List<AlignmentEpoch>();
        Report(epochs, 0, RunEpoch(order, parameters, gradient, null, cancellationToken), _validation.Ndcg(_index));
        (AlignmentLayer Layer, int Epoch, double Ndcg) best = (identity, 0, epochs[0].ValidationNdcg);
        for (int epoch = 1; epoch <= _options.MaxEpochs && epoch - best.Epoch <= _options.Patience; epoch++)
        {
            random.Shuffle(order);
            double loss = RunEpoch(order, parameters, gradient, optimizer, cancellationToken);
            var layer = AlignmentLayer.FromOwned(_dimension, _options.Rank, parameters[..half], parameters[half..]);
            double ndcg = _validation.Ndcg(_index.WithAlignment(layer));
            Report(epochs, epoch, loss, ndcg);
            if (ndcg > best.Ndcg)
            {
                best = (layer, epoch, ndcg);
            }
        }

        return (best.Layer, best.Epoch, epochs);
    }

    /// <summary>One pass over the pairs in the given order; without an optimizer, only measures the loss.</summary>
    private double RunEpoch(int[] order, float[] parameters, float[] gradient, AdamW? optimizer, CancellationToken cancellationToken)
    {
        int batchSize = _options.BatchSize;
        var users = new float[batchSize * _dimension];
        var personas = new float[batchSize * _dimension];
        var targets = new int[batchSize];
        var columns = new Dictionary<int, int>(batchSize);
        double total = 0;
        int batches = 0;

        // A last batch of one pair has no negative; it joins no batch this epoch.
        for (int start = 0; start + 1 < order.Length; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int size = Math.Min(batchSize, order.Length - start);
            columns.Clear();
            for (int b = 0; b < size; b++)
            {
                int pair = order[start + b];
                _pairs.Users.AsSpan(pair * _dimension, _dimension).CopyTo(users.AsSpan(b * _dimension));
                int persona = _pairs.Positives[pair];
                if (!columns.TryGetValue(persona, out int column))
                {
                    column = columns[persona] = columns.Count;
                    _index.GetPersonaVector(persona).CopyTo(personas.AsSpan(column * _dimension));
                }

                targets[b] = column;
            }

            float loss = InfoNceLoss.Compute<float>(
                users.AsSpan(0, size * _dimension),
                personas.AsSpan(0, columns.Count * _dimension),
                targets.AsSpan(0, size),
                _dimension,
                parameters,
                _options.Temperature,
                gradient);
            if (!float.IsFinite(loss))
            {
                throw new InvalidOperationException($"The training loss became {loss}; lower the learning rate or raise the temperature.");
            }

            optimizer?.Step(parameters, gradient);
            total += loss;
            batches++;
        }

        return total / batches;
    }

    private void Report(List<AlignmentEpoch> epochs, int epoch, double loss, double ndcg)
    {
        var point = new AlignmentEpoch(epoch, loss, ndcg, _clock.Elapsed);
        epochs.Add(point);
        _progress?.Report(point);
    }

    /// <summary>A standard normal draw (Box–Muller), from the seeded generator only.</summary>
    private static float Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
