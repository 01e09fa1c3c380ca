using System.Text.Json.Nodes;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Evaluation.Blending;

public sealed class BlendEvaluationTests
{
    /// <summary>Taste data plus six users with exactly two reviews.</summary>
    private static List<Review> Data()
    {
        List<Review> reviews = TasteData.Reviews(users: 18, perUser: 5);
        for (int u = 0; u < 6; u++)
        {
            for (int k = 0; k < 2; k++)
            {
                string item = (u % 2 == 0 ? "guitar" : "drum") + ((u + k) % 6);
                reviews.Add(new Review($"two{u}:{item}", $"two{u}", item, 5, $"great for my playing, says two{u}.", null, DateTimeOffset.UnixEpoch.AddDays(500 + (u * 3) + k)));
            }
        }

        return reviews;
    }

    [Fact]
    public void Split_WithTwoInteractionUsers_HoldsOutTheirLastReview()
    {
        var split = LeaveOneOutSplit.Create(Data(), testUsersWithTwoInteractions: true);

        Assert.Equal(6, split.TestWithoutValidation.Count);
        Assert.DoesNotContain(split.Train, r => split.TestWithoutValidation.Values.Any(t => t.ReviewId == r.ReviewId));
        Assert.Single(split.Train, r => r.UserId == "two0");
        Assert.Empty(LeaveOneOutSplit.Create(Data()).TestWithoutValidation);
        Assert.Equal(split.ItemsBeforeTest("u0").Count - 1, split.ItemsBeforeValidation("u0").Count);
        Assert.DoesNotContain(split.Validation["u0"].ItemId, split.ItemsBeforeValidation("u0"));
    }

    [Fact]
    public async Task RunAsync_WithValidationStages_ReportsTheBlendUnderBothProtocols_AndTheHybridStages()
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        var split = LeaveOneOutSplit.Create(Data(), testUsersWithTwoInteractions: true);
        var embeddings = new FakeEmbeddingGenerator(32);
        var encoder = new EmbeddingPersonaEncoder(embeddings);
        PersonaIndex index = await TasteData.BuildIndexAsync(split, embeddings, encoder, token);
        var stages = new Dictionary<string, ICandidateSource> { ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest) };
        var validation = new Dictionary<string, ICandidateSource> { ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeValidation) };
        var options = new PersonaEvaluationOptions { Candidates = 6, Cutoffs = [5, 10], ValidationFirstStages = validation, PersonaSearchCount = 2 };

        EvaluationReport report = await PersonaEvaluation.RunAsync(split, index, index, encoder, stages, options, token);

        EvaluationRow Ndcg(string stage, string protocol) => report.Rows.Single(r =>
            r.FirstStage == stage && r.Protocol == protocol && r.Reranker == PersonaEvaluation.Blend && r.Segment == PersonaEvaluation.AllUsers && r.Metric == "NDCG@10");
        foreach (string stage in new[] { "popularity", "popularity" + PersonaEvaluation.PersonaSearchSuffix })
        {
            Assert.Equal(18, Ndcg(stage, PersonaEvaluation.StandardProtocol).Users);
            Assert.Equal(24, Ndcg(stage, PersonaEvaluation.CrossFittedProtocol).Users);
            Assert.Contains(report.Comparisons, c => c.FirstStage == stage && c.Protocol == PersonaEvaluation.CrossFittedProtocol && c.Better == PersonaEvaluation.Blend && c.Worse == PersonaEvaluation.FirstStageOrder && c.Users == 24);
        }

        Assert.Equal(2 * 3, report.Blends.Count); // two stages × (one standard + two cross-fitted halves)
        Assert.All(report.Blends.Where(b => b.Protocol == PersonaEvaluation.CrossFittedProtocol), b => Assert.InRange(b.Fit.Queries, 1, 17));

        JsonNode results = JsonNode.Parse(report.ToJson())!;
        Assert.Equal(EvaluationReport.JsonFormat, (string?)results["format"]);
        Assert.Equal(PersonaEvaluation.Blend, (string?)results["defaultReranker"]);
        Assert.Equal(report.Rows.Count, results["metrics"]!.AsArray().Count);
        Assert.Equal(report.Comparisons.Count, results["pairedDifferences"]!.AsArray().Count);
        Assert.Equal(8, results["blends"]![0]!["weights"]!.AsObject().Count);
        Assert.Contains("Blends learned on validation", report.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ValidationStageMissing_IsRejected()
    {
        var split = LeaveOneOutSplit.Create(Data());
        var encoder = new EmbeddingPersonaEncoder(new FakeEmbeddingGenerator(32));
        PersonaIndex index = BlendData.Index();
        var stages = new Dictionary<string, ICandidateSource> { ["popularity"] = new PopularityCandidateSource(split.Train, split.ItemsBeforeTest) };
        var options = new PersonaEvaluationOptions { ValidationFirstStages = new Dictionary<string, ICandidateSource>() };

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => PersonaEvaluation.RunAsync(split, index, index, encoder, stages, options, TestContext.Current.CancellationToken));

        Assert.Contains("'popularity'", e.Message, StringComparison.Ordinal);
    }
}
