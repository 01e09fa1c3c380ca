using System.Diagnostics;
using Persona4Rec.Evaluation.Alignment;

namespace Persona4Rec.Evaluation;

/// <summary>
/// Trains an <see cref="AlignmentLayer"/> so that a user's profile lands next to the persona that
/// explains each of their choices: InfoNCE with in-batch negatives, AdamW on mini-batches, early
/// stopping on validation NDCG@10. Only training interactions of the split make pairs (see
/// <see cref="TrainAsync"/>); everything runs on one thread, so a fixed seed gives a bit-identical layer.
/// </summary>
/// <remarks>Thread-safe: one trainer may run several trainings at once; each keeps its own state.</remarks>
public sealed class AlignmentTrainer
{
    private readonly AlignmentTrainerOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults; read once, here.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public AlignmentTrainer(AlignmentTrainerOptions? options = null)
    {
        options ??= new AlignmentTrainerOptions();
        Check(options.Rank >= 1, $"Rank is {options.Rank}; it must be at least 1.", nameof(options));
        Check(options.Temperature > 0 && float.IsFinite(options.Temperature), $"Temperature is {options.Temperature}; it must be positive.", nameof(options));
        Check(options.LearningRate > 0 && float.IsFinite(options.LearningRate), $"LearningRate is {options.LearningRate}; it must be positive.", nameof(options));
        Check(options.WeightDecay >= 0 && float.IsFinite(options.WeightDecay), $"WeightDecay is {options.WeightDecay}; it must be 0 or more.", nameof(options));
        Check(options.BatchSize >= 2, $"BatchSize is {options.BatchSize}; in-batch negatives need at least 2.", nameof(options));
        Check(options.MaxEpochs >= 1, $"MaxEpochs is {options.MaxEpochs}; it must be at least 1.", nameof(options));
        Check(options.Patience >= 1, $"Patience is {options.Patience}; it must be at least 1.", nameof(options));
        Check(options.ValidationCandidates >= 2, $"ValidationCandidates is {options.ValidationCandidates}; it must be at least 2.", nameof(options));
        ArgumentNullException.ThrowIfNull(options.Profile, nameof(options));
        _options = new AlignmentTrainerOptions
        {
            Rank = options.Rank,
            Temperature = options.Temperature,
            LearningRate = options.LearningRate,
            WeightDecay = options.WeightDecay,
            BatchSize = options.BatchSize,
            MaxEpochs = options.MaxEpochs,
            Patience = options.Patience,
            Seed = options.Seed,
            ValidationCandidates = options.ValidationCandidates,
            Profile = new UserProfileOptions { MaxInteractions = options.Profile.MaxInteractions, Gamma = options.Profile.Gamma },
        };
    }

    /// <summary>
    /// Encodes the training interactions, builds the training pairs and trains the layer.
    /// A pair comes from every training interaction (u, i) whose item is in the index and which has
    /// an earlier training interaction of u: the user side is u's profile over the interactions
    /// strictly before (u, i) (split order: time, ties by review id); the positive is the
    /// judge-selected persona of i when <paramref name="judgeLabels"/> has one, otherwise the persona
    /// of i closest to u's own review of i in the frozen encoder's space. Validation and test
    /// interactions never make pairs. Early stopping mirrors the evaluation task: validation NDCG@10
    /// of each user's validation item when the aligned index reranks a first stage's candidates.
    /// </summary>
    /// <param name="split">The split; the index must have been built from its training part.</param>
    /// <param name="index">The vanilla (unaligned) persona index.</param>
    /// <param name="encoder">The encoder that built the index; training reviews are encoded as the evaluation encodes histories (item summary + review text).</param>
    /// <param name="judgeLabels">Optional LLM-judge labels: (user id, item id) → persona id of the item. Labels of non-training interactions are never read.</param>
    /// <param name="validationCandidates">
    /// The first stage whose candidates validation reranks (it must exclude each user's training
    /// items but not their validation item), or <see langword="null"/> for popularity over the
    /// training split, the test protocol's simplest first stage.
    /// </param>
    /// <param name="progress">Receives each epoch of the learning curve, epoch 0 (untrained) first.</param>
    /// <param name="cancellationToken">Cancels encoding and training (checked between mini-batches).</param>
    /// <returns>The best layer on validation with the learning curve.</returns>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The index is already aligned or its dimension differs from the encoder's or is below the rank; a judge label names a persona the item lacks; or there are fewer than 2 training pairs or no validation user whose validation item is among their candidates.</exception>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite (lower the learning rate or raise the temperature).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<AlignmentTrainingResult> TrainAsync(
        LeaveOneOutSplit split,
        PersonaIndex index,
        IPersonaEncoder encoder,
        IReadOnlyDictionary<(string UserId, string ItemId), string>? judgeLabels = null,
        ICandidateSource? validationCandidates = null,
        IProgress<AlignmentEpoch>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(encoder);
        if (index.Alignment is not null)
        {
            throw new ArgumentException(
                "The index already has an alignment layer, and an aligned index stores only its aligned vectors, not the vanilla ones: train on the vanilla index it was aligned from (the file saved before WithAlignment; persona4rec eval --train-alignment keeps it as personas.p4r beside personas-aligned.p4r).",
                nameof(index));
        }

        if (encoder.Dimension != index.Dimension || index.Dimension < _options.Rank)
        {
            throw new ArgumentException($"The index has dimension {index.Dimension}, the encoder {encoder.Dimension}, the rank is {_options.Rank}: they must match, and the rank must not exceed the dimension.", nameof(index));
        }

        var clock = Stopwatch.StartNew();
        Review[] train = [.. split.Train];
        InteractionText[] texts = [.. train.Select(r => InteractionTexts.FromReview(r, index))];
        IReadOnlyList<ReadOnlyMemory<float>> encoded = await encoder.EncodeInteractionsAsync(texts, cancellationToken).ConfigureAwait(false);
        var vectors = new Dictionary<string, ReadOnlyMemory<float>>(train.Length, StringComparer.Ordinal);
        for (int i = 0; i < train.Length; i++)
        {
            vectors[train[i].ReviewId] = encoded[i];
        }

        var pairs = TrainingPairs.Build(split, index, vectors, judgeLabels, _options.Profile);
        validationCandidates ??= new PopularityCandidateSource(split.Train, TrainingItems(split));
        var validation = await ValidationSet.BuildAsync(split, index, vectors, _options.Profile, validationCandidates, _options.ValidationCandidates, cancellationToken).ConfigureAwait(false);
        if (pairs.Count < 2 || validation.Informative == 0)
        {
            throw new ArgumentException(
                $"Training needs at least 2 training pairs and a validation user whose validation item is among their candidates and in the index; found {pairs.Count} pairs and {validation.Informative} such users.",
                nameof(split));
        }

        TimeSpan encoding = clock.Elapsed;
        var loop = new TrainingLoop(_options, index, pairs, validation, progress);
        (AlignmentLayer layer, int bestEpoch, List<AlignmentEpoch> epochs) = loop.Run(cancellationToken);
        return new AlignmentTrainingResult(layer, bestEpoch, epochs, pairs.Count, pairs.JudgeLabelled, validation.Count, validation.Informative, encoding, clock.Elapsed - encoding);
    }

    private static Func<string, IReadOnlySet<string>> TrainingItems(LeaveOneOutSplit split)
    {
        var items = split.Train
            .GroupBy(r => r.UserId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, IReadOnlySet<string> (g) => g.Select(r => r.ItemId).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        IReadOnlySet<string> none = new HashSet<string>();
        return user => items.GetValueOrDefault(user, none);
    }

    private static void Check(bool condition, string message, string paramName)
    {
        if (!condition)
        {
            throw new ArgumentException(message, paramName);
        }
    }
}
