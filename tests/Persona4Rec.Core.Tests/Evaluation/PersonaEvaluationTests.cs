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

    [Fact]
    public async Task RunAsync_AdditionalIndex_IsARerankerComparedWithPersona4Rec()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        var split = LeaveOneOutSplit.Create(TasteData.Reviews(users: 12, perUser: 5));
        var embeddings = new FakeEmbeddingGenerator(32);
        var encoder = new EmbeddingPersonaEncoder(embeddings);
        PersonaIndex index = await TasteData.BuildIndexAsync(split, embeddings, encoder, token);
        var stages = new Dictionary<string, ICandidateSource> { ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest) };
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

        options.AdditionalIndexes = new Dictionary<string, PersonaIndex> { [PersonaEvaluation.SingleVector] = index };
        await Assert.ThrowsAsync<ArgumentException>(() => PersonaEvaluation.RunAsync(split, index, index, encoder, stages, options, token));
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
