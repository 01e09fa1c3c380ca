using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Alignment;

public sealed class AlignmentTrainerTests
{
    private const int Dimension = 32;

    private static AlignmentTrainerOptions Options(int seed = 42) =>
        new() { Rank = 4, BatchSize = 8, MaxEpochs = 6, Patience = 6, LearningRate = 0.01f, Temperature = 0.1f, ValidationCandidates = 15, Seed = seed };

    [Fact]
    public async Task TrainAsync_SameSeed_GivesBitIdenticalLayersAndCurves()
    {
        Fixture f = await Fixture.CreateAsync(TestContext.Current.CancellationToken);

        AlignmentTrainingResult first = await new AlignmentTrainer(Options()).TrainAsync(f.Split, f.Index, f.Encoder, cancellationToken: TestContext.Current.CancellationToken);
        AlignmentTrainingResult second = await new AlignmentTrainer(Options()).TrainAsync(f.Split, f.Index, f.Encoder, cancellationToken: TestContext.Current.CancellationToken);
        AlignmentTrainingResult otherSeed = await new AlignmentTrainer(Options(seed: 7)).TrainAsync(f.Split, f.Index, f.Encoder, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(first.Layer.Up.SequenceEqual(second.Layer.Up) && first.Layer.Down.SequenceEqual(second.Layer.Down), "same seed, same layer bits");
        Assert.Equal(first.Epochs.Select(e => (e.TrainingLoss, e.ValidationNdcg)), second.Epochs.Select(e => (e.TrainingLoss, e.ValidationNdcg)));
        Assert.Equal(first.BestEpoch, second.BestEpoch);
        Assert.NotEqual(first.Epochs.Select(e => e.TrainingLoss), otherSeed.Epochs.Select(e => e.TrainingLoss));
    }

    [Fact]
    public async Task TrainAsync_LearningCurve_StartsUntrainedAndTheLossFalls()
    {
        Fixture f = await Fixture.CreateAsync(TestContext.Current.CancellationToken);
        var reported = new List<AlignmentEpoch>();

        AlignmentTrainingResult result = await new AlignmentTrainer(Options()).TrainAsync(
            f.Split, f.Index, f.Encoder, progress: new ListProgress(reported), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(0, 7), result.Epochs.Select(e => e.Epoch));
        Assert.Equal(result.Epochs, reported);
        Assert.True(result.Epochs[^1].TrainingLoss < result.Epochs[0].TrainingLoss, "the training loss must fall");
        Assert.Equal(result.Epochs.Max(e => e.ValidationNdcg), result.Epochs[result.BestEpoch].ValidationNdcg);
        Assert.Equal((Dimension, 4), (result.Layer.Dimension, result.Layer.Rank));
    }

    [Fact]
    public async Task TrainAsync_UsesOnlyTrainingInteractions_AndPairsNeedAnEarlierOne()
    {
        Fixture f = await Fixture.CreateAsync(TestContext.Current.CancellationToken);
        var spy = new SpyEncoder(f.Encoder);

        AlignmentTrainingResult result = await new AlignmentTrainer(Options()).TrainAsync(f.Split, f.Index, spy, cancellationToken: TestContext.Current.CancellationToken);

        var trainIds = f.Split.Train.Select(r => r.ReviewId).ToHashSet();
        Assert.All(spy.Encoded, id => Assert.Contains(id, trainIds));
        Assert.Equal(trainIds.Count, spy.Encoded.Count);

        // 30 users with 5 reviews: 3 in training each, of which the last 2 have an earlier one.
        Assert.Equal(30 * 2, result.TrainingPairs);
        Assert.Equal(0, result.JudgeLabelled);
        Assert.Equal(30, result.ValidationUsers);
        Assert.InRange(result.ValidationUsersWithPositive, 1, 30);
    }

    [Fact]
    public async Task TrainAsync_JudgeLabels_AreCountedAndValidated()
    {
        Fixture f = await Fixture.CreateAsync(TestContext.Current.CancellationToken);
        var labels = f.Split.Train.ToDictionary(r => (r.UserId, r.ItemId), _ => "P1");

        AlignmentTrainingResult result = await new AlignmentTrainer(Options()).TrainAsync(f.Split, f.Index, f.Encoder, labels, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(result.TrainingPairs, result.JudgeLabelled);

        labels[labels.Keys.Last()] = "P99";
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new AlignmentTrainer(Options()).TrainAsync(f.Split, f.Index, f.Encoder, labels, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("'P99'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainAsync_CancelledDuringTraining_Throws()
    {
        Fixture f = await Fixture.CreateAsync(TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();
        var progress = new ListProgress([], cancellation.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new AlignmentTrainer(Options()).TrainAsync(f.Split, f.Index, f.Encoder, progress: progress, cancellationToken: cancellation.Token));
    }

    [Fact]
    public async Task TrainAsync_AlignedIndexOrBadOptions_Throws()
    {
        Fixture f = await Fixture.CreateAsync(TestContext.Current.CancellationToken);
        PersonaIndex aligned = f.Index.WithAlignment(AlignmentLayerTests.RandomLayer(1, Dimension, 2).Layer);

        ArgumentException retrain = await Assert.ThrowsAsync<ArgumentException>(() => new AlignmentTrainer(Options()).TrainAsync(f.Split, aligned, f.Encoder, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("stores only its aligned vectors", retrain.Message, StringComparison.Ordinal);
        Assert.Contains("personas.p4r beside personas-aligned.p4r", retrain.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => new AlignmentTrainer(new AlignmentTrainerOptions { Rank = Dimension + 1 }).TrainAsync(f.Split, f.Index, f.Encoder, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => new AlignmentTrainer(new AlignmentTrainerOptions { Temperature = 0 }));
        Assert.Throws<ArgumentException>(() => new AlignmentTrainer(new AlignmentTrainerOptions { BatchSize = 1 }));
    }

    [Fact]
    public async Task TrainAsync_ValidationFirstStage_IsTheCallers()
    {
        Fixture f = await Fixture.CreateAsync(TestContext.Current.CancellationToken);
        var everything = new PopularityCandidateSource(f.Split.Train, _ => new HashSet<string>());
        var nothing = new PopularityCandidateSource([], _ => new HashSet<string>());

        AlignmentTrainerOptions allItems = Options();
        allItems.ValidationCandidates = 18;
        AlignmentTrainingResult result = await new AlignmentTrainer(allItems).TrainAsync(f.Split, f.Index, f.Encoder, validationCandidates: everything, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(30, result.ValidationUsersWithPositive);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => new AlignmentTrainer(Options()).TrainAsync(f.Split, f.Index, f.Encoder, validationCandidates: nothing, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("0 such users", error.Message, StringComparison.Ordinal);
    }

    internal sealed record Fixture(LeaveOneOutSplit Split, PersonaIndex Index, IPersonaEncoder Encoder)
    {
        public static async Task<Fixture> CreateAsync(CancellationToken cancellationToken)
        {
            var split = LeaveOneOutSplit.Create(TasteData.Reviews(users: 30, perUser: 5));
            var embeddings = new FakeEmbeddingGenerator(Dimension);
            var encoder = new EmbeddingPersonaEncoder(embeddings);
            return new Fixture(split, await TasteData.BuildIndexAsync(split, embeddings, encoder, cancellationToken), encoder);
        }
    }

    private sealed class ListProgress(List<AlignmentEpoch> epochs, Action? onReport = null) : IProgress<AlignmentEpoch>
    {
        public void Report(AlignmentEpoch value)
        {
            epochs.Add(value);
            onReport?.Invoke();
        }
    }

    private sealed class SpyEncoder(IPersonaEncoder inner) : IPersonaEncoder
    {
        public List<string> Encoded { get; } = [];

        public int Dimension => inner.Dimension;

        public string ModelId => inner.ModelId;

        public string TemplateId => inner.TemplateId;

        public Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodePersonasAsync(IReadOnlyList<PersonaText> personas, CancellationToken cancellationToken = default) =>
            inner.EncodePersonasAsync(personas, cancellationToken);

        public Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodeInteractionsAsync(IReadOnlyList<InteractionText> interactions, CancellationToken cancellationToken = default)
        {
            Encoded.AddRange(interactions.Select(i => i.Interaction.ReviewId!));
            return inner.EncodeInteractionsAsync(interactions, cancellationToken);
        }
    }
}
