using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Telemetry;

/// <summary>
/// The metrics and logs named in docs/telemetry.md. The meter is process-wide and other tests run
/// in parallel, so assertions look for this test's own measurements rather than exact totals.
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public void Recommender_RecordsSearchDurationAndCandidatesScored_TaggedByOperation()
    {
        using var duration = new MetricCollector<double>(null, Persona4RecTelemetry.SourceName, Persona4RecTelemetry.SearchDuration);
        using var scored = new MetricCollector<long>(null, Persona4RecTelemetry.SourceName, Persona4RecTelemetry.CandidatesScored);
        PersonaIndex index = TestIndexes.RandomIndex(seed: 3, items: 17, dimension: 8);
        var profile = new UserProfile("telemetry-user", 8);
        profile.Add(new UserInteraction("telemetry-user", "elsewhere", DateTimeOffset.UnixEpoch), TestIndexes.RandomVector(new Random(1), 8));
        var recommender = new PersonaRecommender(index);

        recommender.Rerank(profile, [index.GetItemId(0), index.GetItemId(1), index.GetItemId(2)]);
        recommender.Search(profile, 5);

        Assert.Contains(scored.GetMeasurementSnapshot(), m => m.Value == 3 && Equals(m.Tags[Persona4RecTelemetry.OperationTag], "rerank"));
        Assert.Contains(scored.GetMeasurementSnapshot(), m => m.Value == 17 && Equals(m.Tags[Persona4RecTelemetry.OperationTag], "search"));
        Assert.Contains(duration.GetMeasurementSnapshot(), m => m.Value > 0 && Equals(m.Tags[Persona4RecTelemetry.OperationTag], "search"));
        Assert.Equal("s", duration.Instrument!.Unit);
    }

    [Fact]
    public async Task Encoder_RecordsBatchDurationAndTexts_TaggedByInputKind()
    {
        using var texts = new MetricCollector<long>(null, Persona4RecTelemetry.SourceName, Persona4RecTelemetry.EncoderTexts);
        using var duration = new MetricCollector<double>(null, Persona4RecTelemetry.SourceName, Persona4RecTelemetry.EncoderBatchDuration);
        var encoder = new EmbeddingPersonaEncoder(new FakeEmbeddingGenerator(8));
        await encoder.EncodeInteractionsAsync([
            new InteractionText(new UserInteraction("u", "i", DateTimeOffset.UnixEpoch, ReviewText: "a"), null, null),
            new InteractionText(new UserInteraction("u", "j", DateTimeOffset.UnixEpoch, ReviewText: "b"), null, null),
            new InteractionText(new UserInteraction("u", "k", DateTimeOffset.UnixEpoch, ReviewText: "c"), null, null),
        ], TestContext.Current.CancellationToken);

        Assert.Contains(texts.GetMeasurementSnapshot(), m => m.Value == 3 && Equals(m.Tags[Persona4RecTelemetry.InputKindTag], "query"));
        Assert.NotEmpty(duration.GetMeasurementSnapshot());
    }

    [Fact]
    public async Task Pipeline_CountsOutcomes_AndLogsWithStableEventIds_WithoutReviewText()
    {
        using var outcomes = new MetricCollector<long>(null, Persona4RecTelemetry.SourceName, Persona4RecTelemetry.GenerationItems);
        using var folder = new TempDirectory();
        var logs = new FakeLogCollector();
        var logger = new FakeLogger<PersonaPipeline>(logs);
        const string Secret = "SECRET-REVIEW-TEXT the tuner is great on stage.";
        var reviews = Enumerable.Range(0, 6).Select(i => new Review($"r{i}", $"u{i}", "tuner", 5, Secret + $" Review {i} about gigs.", null, DateTimeOffset.UnixEpoch)).ToArray();
        var generator = new FailingFor("broken", new ReviewPersonaGenerator(new FakeEmbeddingGenerator(8)));
        var pipeline = new PersonaPipeline(generator, new PersonaPipelineOptions { CheckpointPath = folder.File("c.jsonl"), MaxTransientRetries = 0 }, logger: logger);

        await pipeline.RunAsync([new CatalogueItem(ItemInfo.FromId("tuner"), reviews), new CatalogueItem(ItemInfo.FromId("broken"), reviews)], cancellationToken: TestContext.Current.CancellationToken);

        var measured = outcomes.GetMeasurementSnapshot();
        Assert.Contains(measured, m => m.Value == 1 && Equals(m.Tags[Persona4RecTelemetry.OutcomeTag], "generated"));
        Assert.Contains(measured, m => m.Value == 1 && Equals(m.Tags[Persona4RecTelemetry.OutcomeTag], "failed"));
        IReadOnlyList<FakeLogRecord> records = logs.GetSnapshot();
        Assert.Equal([1001, 1002, 1003], records.Select(r => r.Id.Id).Order());
        Assert.Equal(LogLevel.Warning, records.Single(r => r.Id.Id == 1002).Level);
        Assert.Contains("broken", records.Single(r => r.Id.Id == 1002).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(records, r => r.Message.Contains("SECRET", StringComparison.Ordinal));
    }

    /// <summary>Fails one item with an exception whose message quotes review text, as an LLM error might.</summary>
    private sealed class FailingFor(string itemId, IPersonaGenerator inner) : IPersonaGenerator
    {
        public Task<ItemPersonas> GenerateAsync(ItemInfo item, IReadOnlyList<Review> reviews, IProgress<PersonaGenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
            item.ItemId == itemId
                ? throw new InvalidDataException("The model answered: " + reviews[0].Text)
                : inner.GenerateAsync(item, reviews, progress, cancellationToken);
    }
}
