using System.Text.Json.Nodes;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Recommendation;

public sealed class RerankBlendFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static RerankBlend Fitted(string modelId = "blend-model") =>
        RerankBlendFitter.Fit(BlendData.ConvexTruth(0.4, users: 60, seed: 2), BlendData.Index(modelId), "BPR-MF", new Dictionary<string, int> { ["u0-c1"] = 7 }).Blend;

    private string SavedJson()
    {
        string path = _folder.File("saved.blend.json");
        Fitted().Save(path);
        return File.ReadAllText(path);
    }

    [Fact]
    public void SaveThenLoad_KeepsEverything_AndOrdersTheSame()
    {
        RerankBlend blend = Fitted();
        string path = RerankBlend.PathFor(_folder.File("catalogue.p4r"));
        Assert.EndsWith("catalogue.blend.json", path, StringComparison.Ordinal);

        blend.Save(path);
        RerankBlend loaded = RerankBlend.Load(path);

        Assert.Equal(blend.Kind, loaded.Kind);
        Assert.Equal(blend.Weights, loaded.Weights);
        Assert.Equal(("BPR-MF", "blend-model", "blend-template", 2, 60), (loaded.FirstStage, loaded.EncoderModelId, loaded.TemplateId, loaded.Dimension, loaded.FittedUsers));
        Assert.Equal(7, loaded.PopularityOf("u0-c1"));
        BlendQuery q = BlendData.ConvexTruth(0.4, users: 1, seed: 9)[0];
        Assert.Equal(
            blend.Order([.. q.PersonaScores], [.. q.PersonaMargins], 3, q.CandidateItemIds),
            loaded.Order([.. q.PersonaScores], [.. q.PersonaMargins], 3, q.CandidateItemIds));
        Assert.False(File.Exists(path + ".tmp"));
    }

    public static TheoryData<string, string> HostileEdits() => new()
    {
        { "format", "Expected format 'persona4rec-rerank-blend'" },
        { "version", "Expected blend file version 1, found 2" },
        { "features", "are not this library's" },
        { "weights", "Expected 8 weights, found 3" },
        { "scales", "Every scale must be positive" },
        { "popularity", "count of 0 or more" },
        { "kind", "is not a RerankBlendKind" },
        { "dimension", "a dimension in [1," },
        { "model", "must name the index's encoder" },
    };

    [Theory]
    [MemberData(nameof(HostileEdits))]
    public void Load_HostileOrMismatchedFile_FailsWithAFormatErrorThatSaysWhat(string edit, string expected)
    {
        JsonNode json = JsonNode.Parse(SavedJson())!;
        switch (edit)
        {
            case "format": json["format"] = "persona4rec-index"; break;
            case "version": json["version"] = 2; break;
            case "features": json["features"]![0] = "first-stage score"; break;
            case "weights": json["weights"] = new JsonArray(1, 2, 3); break;
            case "scales": json["scales"]![2] = 0; break;
            case "popularity": json["itemPopularity"]!["u0-c1"] = -4; break;
            case "kind": json["kind"] = 7; break;
            case "dimension": json["dimension"] = 0; break;
            case "model": json["encoderModelId"] = " "; break;
        }

        string path = _folder.Write("hostile.blend.json", json.ToJsonString());
        RerankBlendFormatException e = Assert.Throws<RerankBlendFormatException>(() => RerankBlend.Load(path));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[1, 2]")]
    [InlineData("{\"format\": \"persona4rec-rerank-blend\", \"version\": 1")]
    [InlineData("{\"weights\": [1e999]}")]
    public void Load_NotABlend_FailsWithAFormatError(string text)
    {
        string path = _folder.Write("broken.blend.json", text);
        Assert.Throws<RerankBlendFormatException>(() => RerankBlend.Load(path));
    }

    [Fact]
    public void Load_RandomlyCorruptedFiles_LoadOrFailWithAFormatError_NeverAnotherException()
    {
        byte[] valid = System.Text.Encoding.UTF8.GetBytes(SavedJson());
        var random = new Random(21);
        string path = _folder.File("mutated.blend.json");
        for (int round = 0; round < 300; round++)
        {
            byte[] bytes = [.. valid];
            for (int flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            File.WriteAllBytes(path, random.Next(4) == 0 ? bytes[..random.Next(bytes.Length)] : bytes);
            try
            {
                RerankBlend.Load(path);
            }
            catch (RerankBlendFormatException)
            {
            }
        }
    }

    [Fact]
    public void BlendOfAnotherIndex_IsRefusedByTheRecommender_NamingBoth()
    {
        RerankBlend blend = Fitted(modelId: "other-model");

        ArgumentException e = Assert.Throws<ArgumentException>(() => new PersonaRecommender(BlendData.Index("blend-model"), options: new() { Blend = blend }));

        Assert.Contains("'other-model'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'blend-model'", e.Message, StringComparison.Ordinal);
    }
}
