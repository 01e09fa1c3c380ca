using System.Text.Json.Nodes;
using Persona4Rec.Evaluation;

namespace Persona4Rec.Samples.Tests;

/// <summary>The README's main job, run as a user runs it, on the bundled demo data with the real local model (about a minute).</summary>
public sealed class EndToEndSampleTests : IDisposable
{
    private const string Sample = "Persona4Rec.Samples.EndToEnd";
    private readonly string _output = Path.Combine(Path.GetTempPath(), "p4r-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public async Task MainJob_OnDemoData_WritesIndexReportChartsAndExplainsThreeUsers()
    {
        // The README's command plus --train-alignment (one step, one reranker) and --quantised (two rerankers).
        SampleProcess.Result run = await SampleProcess.RunAsync(Sample, ["--out", _output, "--train-alignment", "--quantised"], TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);
        Assert.True(run.ExitCode == 0, run.Output);

        // The index is a valid file a host application can load, built from training reviews only.
        PersonaIndex index = PersonaIndex.Load(Path.Combine(_output, "personas.p4r"));
        Assert.Equal(48, index.ItemCount);
        Assert.InRange(index.PersonaCount, 2 * 48, 7 * 48);

        string report = await File.ReadAllTextAsync(Path.Combine(_output, "report.md"), TestContext.Current.CancellationToken);
        Assert.Contains("### First stage: popularity", report, StringComparison.Ordinal);
        Assert.Contains("### First stage: BPR-MF", report, StringComparison.Ordinal);
        foreach (string reranker in new[] { PersonaEvaluation.FirstStageOrder, PersonaEvaluation.SingleVector, PersonaEvaluation.Persona4Rec, PersonaEvaluation.Fusion })
        {
            Assert.Contains($"| {reranker} | ", report, StringComparison.Ordinal);
        }

        Assert.Equal(3, CountOf(report, "### User `"));
        Assert.Contains("It stores only the aligned vectors; training the layer again starts from the vanilla index ", report, StringComparison.Ordinal);
        Assert.Contains("personas.p4r, so keep that file too.", report, StringComparison.Ordinal);

        // The blend learned on validation is the default reranker: reported, in results.json, and saved beside the index.
        Assert.Contains($"| {PersonaEvaluation.Blend} | ", report, StringComparison.Ordinal);
        Assert.Contains($"The default reranker is {PersonaEvaluation.Blend}", report, StringComparison.Ordinal);
        Assert.Contains("### First stage: BPR-MF + persona search", report, StringComparison.Ordinal);
        JsonNode results = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_output, "results.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal(PersonaEvaluation.Blend, (string?)results["defaultReranker"]);
        Assert.Contains(results["pairedDifferences"]!.AsArray(), d =>
            (string?)d!["reranker"] == PersonaEvaluation.Blend && (string?)d["minus"] == PersonaEvaluation.FirstStageOrder
            && (string?)d["protocol"] == PersonaEvaluation.CrossFittedProtocol && (string?)d["firstStage"] == "BPR-MF");
        RerankBlend.Load(RerankBlend.PathFor(Path.Combine(_output, "personas.p4r"))).EnsureMatches(index);
        Assert.Contains("| Persona4Rec trained | ", report, StringComparison.Ordinal);
        Assert.Contains("| Persona4Rec int8 | ", report, StringComparison.Ordinal);
        Assert.Contains("| Persona4Rec float16 | ", report, StringComparison.Ordinal);
        Assert.Contains("## Alignment training", report, StringComparison.Ordinal);
        Assert.NotNull(PersonaIndex.Load(Path.Combine(_output, "personas-aligned.p4r")).Alignment);
        Assert.Contains("220 users evaluated", report, StringComparison.Ordinal);
        Assert.Contains("Demo data.", report, StringComparison.Ordinal);

        foreach (string chart in new[] { "ndcg-at-10.png", "ndcg-by-cutoff.png", "segments-bpr-mf.png" })
        {
            Assert.Contains($"]({chart})", report, StringComparison.Ordinal);
            byte[] png = await File.ReadAllBytesAsync(Path.Combine(_output, chart), TestContext.Current.CancellationToken);
            Assert.True(png.Length > 10_000, $"{chart} is only {png.Length} bytes.");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        }

        // The console shows the metrics table and the explanations.
        Assert.Contains("NDCG@10", run.Output, StringComparison.Ordinal);
        Assert.Contains("matched persona", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MainJob_MissingReviewFile_FailsWithOneClearLine()
    {
        string missing = Path.Combine(_output, "no-such-reviews.jsonl");
        SampleProcess.Result run = await SampleProcess.RunAsync(Sample, ["--reviews", missing, "--out", _output], TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error:", run.Output, StringComparison.Ordinal);
        Assert.Contains("no-such-reviews.jsonl", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MainJob_MalformedReviewFile_NamesTheBadLines()
    {
        Directory.CreateDirectory(_output);
        string bad = Path.Combine(_output, "bad.jsonl");
        await File.WriteAllLinesAsync(bad, ["{\"reviewerID\": \"u\", \"asin\": \"a\"}", "not json", "{\"asin\": \"b\"}"], TestContext.Current.CancellationToken);
        SampleProcess.Result run = await SampleProcess.RunAsync(Sample, ["--reviews", bad, "--out", _output], TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 2:", run.Output, StringComparison.Ordinal);
        Assert.Contains("line 3:", run.Output, StringComparison.Ordinal);
        Assert.Contains("nothing to evaluate", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
