namespace Persona4Rec.Samples.Tests;

/// <summary>The persona4rec tool run as a user runs it (a child process), on small real files and the real local model.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("p4r-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<SampleProcess.Result> RunAsync(params string[] arguments) =>
        SampleProcess.RunDllAsync(SampleProcess.ToolDll, arguments, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

    private static string DemoReviews => Path.Combine(SampleProcess.RepositoryRoot, "samples", "data", "demo-reviews.jsonl");

    [Fact]
    public async Task Help_ListsEveryCommand_AndTheExitCodes()
    {
        SampleProcess.Result help = await RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (string command in new[] { "personas", "index", "recommend", "eval", "inspect" })
        {
            Assert.Contains(command, help.Output, StringComparison.Ordinal);
        }

        Assert.Contains("130 cancelled", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Index_ItemsWithoutPersonas_GetTheirSummaryPersona_OrAreNamedWhenLeftOut()
    {
        // A checkpoint as an older version or another generator may have left it: two items without personas.
        string checkpoint = Path.Combine(_folder, "old.jsonl");
        await File.WriteAllLinesAsync(checkpoint,
        [
            """{"persona4rec":"checkpoint","version":1}""",
            """{"itemId":"tuner","inputHash":"h1","status":"done","summary":"A clip-on tuner.","personas":[{"personaId":"P1","name":"Gigging Guitarist","description":"Plays live.","preferenceRationale":"Tunes fast.","reviewIds":["r1"]}]}""",
            """{"itemId":"pedal","inputHash":"h2","status":"done","summary":"An overdrive pedal.","personas":[]}""",
            """{"itemId":"mystery","inputHash":"h3","status":"done","summary":null,"personas":[]}""",
        ], TestContext.Current.CancellationToken);
        string index = Path.Combine(_folder, "old.p4r");

        SampleProcess.Result built = await RunAsync("index", "--personas", checkpoint, "--out", index);

        Assert.True(built.ExitCode == 0, built.Output);
        Assert.Contains("1 items in", built.Output, StringComparison.Ordinal);
        Assert.Contains("each is indexed with its summary as its one persona", built.Output, StringComparison.Ordinal);
        Assert.Contains("have no personas and no summary and are left out of the index: 'mystery'", built.Output, StringComparison.Ordinal);
        PersonaIndex loaded = PersonaIndex.Load(index);
        Assert.Equal(2, loaded.ItemCount);
        Persona standIn = Assert.Single(loaded.GetPersonas("pedal"));
        Persona expected = Persona.FromSummary("pedal", "An overdrive pedal.");
        Assert.Equal((expected.PersonaId, expected.Name, expected.Description, expected.PreferenceRationale), (standIn.PersonaId, standIn.Name, standIn.Description, standIn.PreferenceRationale));
        Assert.Empty(standIn.ReviewIds);
        Assert.False(loaded.ContainsItem("mystery"));
    }

    [Fact]
    public async Task PersonasIndexInspectRecommend_FromAReviewFileToExplainedRecommendations()
    {
        string checkpoint = Path.Combine(_folder, "personas.jsonl");
        string index = Path.Combine(_folder, "demo.p4r");

        SampleProcess.Result personas = await RunAsync("personas", "--reviews", DemoReviews, "--out", checkpoint);
        Assert.True(personas.ExitCode == 0, personas.Output);
        Assert.Contains("8 generated", personas.Output, StringComparison.Ordinal);

        SampleProcess.Result rerun = await RunAsync("personas", "--reviews", DemoReviews, "--out", checkpoint);
        Assert.Contains("0 generated, 8 already in", rerun.Output, StringComparison.Ordinal);

        SampleProcess.Result built = await RunAsync("index", "--personas", checkpoint, "--out", index);
        Assert.True(built.ExitCode == 0, built.Output);
        Assert.Equal(8, PersonaIndex.Load(index).ItemCount);

        SampleProcess.Result inspect = await RunAsync("inspect", index);
        Assert.True(inspect.ExitCode == 0, inspect.Output);
        Assert.Contains("sentence-transformers/all-MiniLM-L6-v2", inspect.Output, StringComparison.Ordinal);
        Assert.Contains("384", inspect.Output, StringComparison.Ordinal);

        SampleProcess.Result recommend = await RunAsync("recommend", "--index", index, "--reviews", DemoReviews, "--user", "alice", "--count", "3");
        Assert.True(recommend.ExitCode == 0, recommend.Output);
        Assert.Contains("because you look like", recommend.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("STR-ACOU-04", recommend.Output, StringComparison.Ordinal); // alice reviewed it: never recommended back.

        // A blend file beside the index is used by default, so a damaged one is a clear error, not a silent fallback.
        await File.WriteAllTextAsync(RerankBlend.PathFor(index), "{\"format\": \"persona4rec-rerank-blend\", \"version\": 9}", TestContext.Current.CancellationToken);
        PersonaIndex loaded = PersonaIndex.Load(index);
        SampleProcess.Result hostile = await RunAsync("recommend", "--index", index, "--reviews", DemoReviews, "--user", "alice", "--candidates", loaded.GetItemId(0), loaded.GetItemId(1));
        Assert.Equal(1, hostile.ExitCode);
        Assert.Contains("Expected blend file version 1, found 9", hostile.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", hostile.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_AreOneClearLine_WithTheDocumentedExitCode()
    {
        string corrupt = Path.Combine(_folder, "corrupt.p4r");
        await File.WriteAllBytesAsync(corrupt, "P4RINDEX\u0001\u0000\u0000\u0000garbage"u8.ToArray(), TestContext.Current.CancellationToken);
        SampleProcess.Result inspect = await RunAsync("inspect", corrupt);
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("error:", inspect.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", inspect.Output, StringComparison.Ordinal);

        SampleProcess.Result noModel = await RunAsync("personas", "--reviews", DemoReviews, "--provider", "ollama", "--out", Path.Combine(_folder, "x.jsonl"));
        Assert.Equal(1, noModel.ExitCode);
        Assert.Contains("--model is required", noModel.Output, StringComparison.Ordinal);

        SampleProcess.Result missing = await RunAsync("index", "--personas", Path.Combine(_folder, "none.jsonl"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("persona4rec personas", missing.Output, StringComparison.Ordinal);

        SampleProcess.Result unknown = await RunAsync("frobnicate");
        Assert.Equal(1, unknown.ExitCode);
    }

    public static TheoryData<string, byte[]> NothingReadable() => new()
    {
        { "empty.json", [] },
        { "blank.json", "\n\n   \n"u8.ToArray() },
        { "garbage.json", [0x00, 0xFF, 0x13, 0x37, 0x0A, 0xFE, 0x01] },
        { "array.json", "[{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 5.0}]"u8.ToArray() },
        { "yelp.json", "{\"review_id\": \"r1\", \"user_id\": \"u1\", \"business_id\": \"b1\", \"stars\": 4, \"text\": \"x\", \"date\": \"2024-05-01 19:30:00\"}\n"u8.ToArray() },
        { "utf16.json", System.Text.Encoding.Unicode.GetBytes("{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 5.0}\n") }, // UTF-16 without a BOM
        { "oneline.json", System.Text.Encoding.UTF8.GetBytes(new string('x', 9_000_000)) }, // one line over the reader's line bound
        { "empty.json.gz", [] },
        { "five.json.gz", [0x1F, 0x8B, 0x08, 0x00, 0x00] },
    };

    [Theory]
    [MemberData(nameof(NothingReadable))]
    public async Task Personas_NoReadableReview_IsExit1WithOneLine_AndWritesNothing(string name, byte[] content)
    {
        string reviews = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(reviews, content, TestContext.Current.CancellationToken);
        string checkpoint = Path.Combine(_folder, "out.jsonl");

        SampleProcess.Result run = await RunAsync("personas", "--reviews", reviews, "--out", checkpoint);

        Assert.Equal(1, run.ExitCode);
        string error = Assert.Single(run.Output.Split('\n'), l => l.Contains("error:", StringComparison.Ordinal));
        Assert.True(error.Contains("no readable Amazon2014 review", StringComparison.Ordinal) || error.Contains("gzip", StringComparison.Ordinal), error);
        Assert.DoesNotContain("   at ", run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public async Task Personas_OutNamesAUsersFile_RefusesIt_AndLeavesItByteForByte()
    {
        string mine = Path.Combine(_folder, "my-notes.json");
        await File.WriteAllTextAsync(mine, "[{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 5.0, \"reviewText\": \"one line, no newline\"}]", TestContext.Current.CancellationToken);
        byte[] before = await File.ReadAllBytesAsync(mine, TestContext.Current.CancellationToken);

        SampleProcess.Result run = await RunAsync("personas", "--reviews", DemoReviews, "--out", mine);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not a persona checkpoint", run.Output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(mine, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task InspectAndIndex_NotARegularFile_AreExit1WithOneLine_WithoutBlocking()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "FIFOs are recognised with statx on Linux");
        string fifo = Path.Combine(_folder, "index.p4r");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        SampleProcess.Result inspect = await RunAsync("inspect", fifo);
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("is a FIFO (named pipe), not a regular file", inspect.Output, StringComparison.Ordinal);

        SampleProcess.Result index = await RunAsync("index", "--personas", _folder, "--out", Path.Combine(_folder, "x.p4r"));
        Assert.Equal(1, index.ExitCode);
        Assert.Contains("is a directory, not a file", index.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personas_ConcurrencyZero_IsRefusedBeforeAnyWork()
    {
        SampleProcess.Result run = await RunAsync("personas", "--reviews", DemoReviews, "--out", Path.Combine(_folder, "c.jsonl"), "--concurrency", "0");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--concurrency is 0; it must be at least 1.", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommend_EmptyIndex_OrRerankOptionsWithoutCandidates_AreExit1WithOneLine()
    {
        string empty = Path.Combine(_folder, "empty.p4r");
        new PersonaIndexBuilder(384, "sentence-transformers/all-MiniLM-L6-v2", "persona4rec-labelled-v1").Build().Save(empty);

        SampleProcess.Result onEmpty = await RunAsync("recommend", "--index", empty, "--reviews", DemoReviews, "--user", "alice");
        Assert.Equal(1, onEmpty.ExitCode);
        Assert.Contains("holds no items: there is nothing to recommend", onEmpty.Output, StringComparison.Ordinal);

        SampleProcess.Result fusion = await RunAsync("recommend", "--index", empty, "--reviews", DemoReviews, "--user", "alice", "--fusion");
        Assert.Equal(1, fusion.ExitCode);
        Assert.Contains("--fusion, --blend and --personas-only rerank --candidates", fusion.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alignment-temperature", "0", "Temperature is 0; it must be positive.")]
    [InlineData("--alignment-rank", "9999", "--alignment-rank is 9999; it must not exceed the encoder's dimension, 384.")]
    public async Task Eval_BadAlignmentOption_IsRefusedBeforeTheWork(string option, string value, string expected)
    {
        string output = Path.Combine(_folder, "eval-" + option.TrimStart('-'));

        string reviews = Path.Combine(SampleProcess.RepositoryRoot, "samples", "data", "demo-music-reviews.jsonl");
        SampleProcess.Result run = await RunAsync("eval", "--reviews", reviews, "--train-alignment", option, value, "--out", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "personas.jsonl")), "no persona was generated before the refusal");
    }
}
