using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Evaluation;

public sealed class PersonaEvaluationTests
{
    private static readonly string[] GuitarTexts = ["warm tone and long sustain on stage", "strings stay in tune at gigs", "bright sparkle for fingerpicking"];
    private static readonly string[] DrumTexts = ["quiet rebound for late practice", "sticks survive marching band", "pad is quiet for neighbours"];

    /// <summary>Twelve users of two tastes, five interactions each, over ten items.</summary>
    private static List<Review> Data()
    {
        var reviews = new List<Review>();
        for (int u = 0; u < 12; u++)
        {
            bool guitarist = u % 2 == 0;
            for (int k = 0; k < 5; k++)
            {
                string item = (guitarist ? "guitar" : "drum") + ((u + k) % 5);
                string text = (guitarist ? GuitarTexts : DrumTexts)[(u + k) % 3] + $" said user {u}.";
                reviews.Add(new Review($"u{u}:{item}", $"u{u}", item, 4 + (k % 2), text, null, DateTimeOffset.UnixEpoch.AddDays((u * 10) + k)));
            }
        }

        return reviews;
    }

    [Fact]
    public async Task RunAsync_ReportsEveryRerankerStageAndCutoff_AndRerankersShareHitRateAtTheCandidateCount()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        var split = LeaveOneOutSplit.Create(Data());
        var embeddings = new FakeEmbeddingGenerator(32);
        var encoder = new EmbeddingPersonaEncoder(embeddings);
        var generator = new ReviewPersonaGenerator(embeddings);
        var builder = new PersonaIndexBuilder(encoder.Dimension, encoder.ModelId, encoder.TemplateId);
        foreach (var item in split.Train.GroupBy(r => r.ItemId))
        {
            ItemPersonas personas = await generator.GenerateAsync(ItemInfo.FromId(item.Key), item.ToArray(), cancellationToken: token);
            var vectors = await encoder.EncodePersonasAsync([.. personas.Personas.Select(p => new PersonaText(p, null))], token);
            builder.Add(personas, vectors);
        }

        PersonaIndex personaIndex = builder.Build();
        PersonaIndex single = await SingleVectorBaseline.BuildAsync(encoder, split.Train, cancellationToken: token);
        var stages = new Dictionary<string, ICandidateSource>
        {
            ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest),
            ["BPR-MF"] = new BprMfCandidateSource(split.Train, split.ItemsBeforeTest),
        };

        EvaluationReport report = await PersonaEvaluation.RunAsync(split, personaIndex, single, encoder, stages, new PersonaEvaluationOptions { Candidates = 5, Cutoffs = [1, 5] }, token);

        var all = report.Rows.Where(r => r.Segment == PersonaEvaluation.AllUsers).ToList();
        Assert.Equal(2 * 4 * 2 * 3, all.Count); // stages × rerankers × cut-offs × metrics
        Assert.All(all, r => Assert.Equal(12, r.Users));
        foreach (var stage in all.GroupBy(r => r.FirstStage))
        {
            // Rerankers only reorder the same 5 candidates: HR@5 must be identical for all four.
            Assert.Single(stage.Where(r => r.Metric == "HR@5").Select(r => r.Value.Mean).Distinct());
            Assert.All(stage, r => Assert.InRange(r.Value.Mean, r.Value.Lower, r.Value.Upper));
        }

        Assert.Equal(2 * 4, report.Comparisons.Count);
        Assert.Contains(report.Comparisons, c => c.Better == PersonaEvaluation.Fusion && c.Worse == PersonaEvaluation.FirstStageOrder);
        Assert.Contains(report.Rows, r => r.Segment.StartsWith("warm users", StringComparison.Ordinal));
        Assert.True(report.MeanOnlineMicroseconds > 0);
        string markdown = report.ToMarkdown();
        Assert.Contains("### First stage: BPR-MF", markdown, StringComparison.Ordinal);
        Assert.Contains("| Persona4Rec |", markdown, StringComparison.Ordinal);
    }

    /// <summary>Twelve users of two tastes on the fake encoder, their index and a popularity first stage.</summary>
    private static async Task<(LeaveOneOutSplit, EmbeddingPersonaEncoder, PersonaIndex, Dictionary<string, ICandidateSource>)> TasteSetupAsync(CancellationToken token)
    {
        var split = LeaveOneOutSplit.Create(TasteData.Reviews(users: 12, perUser: 5));
        var embeddings = new FakeEmbeddingGenerator(32);
        var encoder = new EmbeddingPersonaEncoder(embeddings);
        PersonaIndex index = await TasteData.BuildIndexAsync(split, embeddings, encoder, token);
        return (split, encoder, index, new Dictionary<string, ICandidateSource> { ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest) });
    }

    [Fact]
    public async Task RunAsync_AdditionalIndex_IsARerankerComparedWithPersona4Rec()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        (LeaveOneOutSplit split, EmbeddingPersonaEncoder encoder, PersonaIndex index, Dictionary<string, ICandidateSource> stages) = await TasteSetupAsync(token);
        var options = new PersonaEvaluationOptions
        {
            Candidates = 5,
            Cutoffs = [5],
            AdditionalIndexes = new Dictionary<string, PersonaIndex>
            {
                ["same index"] = index,
                ["aligned"] = index.WithAlignment(new AlignmentLayer(32, 1, new float[32], new float[32])),
            },
        };

        EvaluationReport report = await PersonaEvaluation.RunAsync(split, index, index, encoder, stages, options, token);

        Assert.Equal(6, report.Rows.Where(r => r.Segment == PersonaEvaluation.AllUsers && r.Metric == "NDCG@5").Select(r => r.Reranker).Distinct().Count()); // four built-in rerankers + two additional
        EvaluationComparison same = report.Comparisons.Single(c => c.Better == "same index");
        Assert.Equal((PersonaEvaluation.Persona4Rec, 0.0), (same.Worse, same.Difference.Mean));
        Assert.Contains(report.Comparisons, c => c.Better == "aligned" && c.Worse == PersonaEvaluation.Persona4Rec);
        Assert.Contains("| aligned |", report.ToMarkdown(), StringComparison.Ordinal);

        foreach (string builtIn in new[] { PersonaEvaluation.SingleVector, PersonaEvaluation.Fusion, PersonaEvaluation.Blend, PersonaEvaluation.FirstStageOrder, PersonaEvaluation.Persona4Rec })
        {
            options.AdditionalIndexes = new Dictionary<string, PersonaIndex> { [builtIn] = index };
            var taken = await Assert.ThrowsAsync<ArgumentException>(() => PersonaEvaluation.RunAsync(split, index, index, encoder, stages, options, token));
            Assert.Contains($"'{builtIn}' is taken", taken.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_SegmentLabels_SayTheConfiguredShare_AndABadShareIsRefused()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        (LeaveOneOutSplit split, EmbeddingPersonaEncoder encoder, PersonaIndex index, Dictionary<string, ICandidateSource> stages) = await TasteSetupAsync(token);

        EvaluationReport report = await PersonaEvaluation.RunAsync(split, index, index, encoder, stages, new PersonaEvaluationOptions { Candidates = 5, Cutoffs = [5], SegmentShare = 0.25 }, token);

        string[] segments = [.. report.Rows.Select(r => r.Segment).Distinct().Where(s => s != PersonaEvaluation.AllUsers).Order(StringComparer.Ordinal)];
        // A segment with no evaluated user has no rows, so the head/tail items may not both appear.
        Assert.Subset(new HashSet<string>(["cold users (bottom 25% by history)", "head items (top 25% by reviews)", "tail items (bottom 25%, or unseen)", "warm users (top 25% by history)"]), segments.ToHashSet());
        Assert.Contains("cold users (bottom 25% by history)", segments);
        Assert.DoesNotContain(report.Rows, r => r.Segment.Contains("20%", StringComparison.Ordinal));
        Assert.Equal(3, report.Rows.First(r => r.Segment == "warm users (top 25% by history)").Users); // 12 users × 0.25

        foreach (double bad in new[] { 0, -0.1, 0.6, double.NaN })
        {
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => PersonaEvaluation.RunAsync(split, index, index, encoder, stages, new PersonaEvaluationOptions { SegmentShare = bad }, token));
            Assert.Contains("SegmentShare", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ItemsBeforeTest_AreTrainingAndValidationItems()
    {
        var split = LeaveOneOutSplit.Create(Data());
        IReadOnlySet<string> before = split.ItemsBeforeTest("u0");
        Assert.Equal(4, before.Count);
        Assert.DoesNotContain(split.Test["u0"].ItemId, before);
        Assert.Contains(split.Validation["u0"].ItemId, before);
    }
}
