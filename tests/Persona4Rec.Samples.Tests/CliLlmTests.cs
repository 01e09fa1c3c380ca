using System.Globalization;
using System.Text.Json.Nodes;
using Persona4Rec.Offline;

namespace Persona4Rec.Samples.Tests;

/// <summary>
/// <c>persona4rec personas</c> with an LLM, run as a user runs it (a child process), against a real
/// HTTP server on 127.0.0.1 that speaks the OpenAI and the Ollama wire formats
/// (<see cref="FakeLlmServer"/>): the address comes from <c>--endpoint</c>, the key from the
/// environment, and the server counts every request.
/// </summary>
public sealed class CliLlmTests : IAsyncLifetime
{
    private const string Key = "test-key";
    private readonly string _folder = Directory.CreateTempSubdirectory("p4r-cli-llm-").FullName;
    private FakeLlmServer? _server;

    private static string DemoReviews => Path.Combine(SampleProcess.RepositoryRoot, "samples", "data", "demo-reviews.jsonl");

    private FakeLlmServer Server => _server!;

    private int Port => new Uri(Server.BaseAddress).Port;

    public async ValueTask InitializeAsync() => _server = await FakeLlmServer.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static Task<SampleProcess.Result> PersonasAsync(params string[] arguments) =>
        SampleProcess.RunDllAsync(SampleProcess.ToolDll, ["personas", .. arguments], TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken,
            new Dictionary<string, string?> { ["PERSONA4REC_API_KEY"] = Key, ["OPENAI_API_KEY"] = null });

    private string OpenAIEndpoint => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/v1");

    /// <summary>Two restaurants in the Yelp format; review ids with the characters a prompt tag cannot hold verbatim.</summary>
    private string YelpReviews(int businesses = 2) => FakeLlmServer.WriteYelpReviews(Path.Combine(_folder, $"yelp-{businesses}.json"),
        Enumerable.Range(1, businesses).SelectMany(b => Enumerable.Range(1, 3).Select(r =>
            ($"rv<{b}-{r}>\"q\"", $"user{r}", $"biz{b}", $"Great falafel and a quick lunch. Visit {r}: friendly staff, fair prices."))));

    [Theory]
    [InlineData("http://127.0.0.1:{0}/v1")]
    [InlineData("http://localhost:{0}/v1/")]
    public async Task Personas_OpenAICompatibleServer_AtTheEndpoint_WritesEveryItem_WithStrictSchemasAndTheKey(string endpoint)
    {
        string checkpoint = Path.Combine(_folder, "personas.jsonl");

        SampleProcess.Result run = await PersonasAsync("--reviews", DemoReviews, "--out", checkpoint, "--provider", "openai",
            "--endpoint", string.Format(CultureInfo.InvariantCulture, endpoint, Port), "--model", "gpt-4o-mini");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("8 generated, 0 already in personas.jsonl, 0 failed. Aspect schema: products.", run.Output, StringComparison.Ordinal);
        IReadOnlyList<FakeLlmServer.Recorded> requests = Server.Requests;
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal("/v1/chat/completions", r.Path));
        Assert.All(requests, r => Assert.Equal("Bearer " + Key, r.Authorization));
        Assert.All(requests, r => Assert.Equal("gpt-4o-mini", (string?)r.Body["model"]));
        Assert.All(requests, r => Assert.Equal("json_schema", (string?)r.Body["response_format"]!["type"]));
        Assert.All(requests, r => Assert.True((bool)r.Body["response_format"]!["json_schema"]!["strict"]!));
        Assert.Contains(requests, r => (string?)r.Body["response_format"]!["json_schema"]!["name"] == "aspects_products");

        HashSet<string> reviewIds = [.. ReviewFileReader.ReadAmazon2014(DemoReviews).Reviews.Select(r => r.ReviewId)];
        IReadOnlyList<ItemPersonas> items = PersonaPipeline.ReadCheckpoint(checkpoint);
        Assert.Equal(8, items.Count);
        Assert.All(items, item => Assert.NotEmpty(item.Personas));
        Assert.All(items.SelectMany(i => i.Personas), p => Assert.Subset(reviewIds, p.ReviewIds.ToHashSet()));
    }

    [Fact]
    public async Task Personas_OllamaServer_AtTheEndpoint_WritesEveryItem()
    {
        string checkpoint = Path.Combine(_folder, "ollama.jsonl");

        SampleProcess.Result run = await PersonasAsync("--reviews", DemoReviews, "--out", checkpoint, "--provider", "ollama",
            "--endpoint", Server.BaseAddress, "--model", "llama3.2");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("8 generated", run.Output, StringComparison.Ordinal);
        Assert.All(Server.Requests, r => Assert.Equal("/api/chat", r.Path));
        Assert.All(Server.Requests, r => Assert.Equal("llama3.2", (string?)r.Body["model"]));
        Assert.All(Server.Requests, r => Assert.IsType<JsonObject>(r.Body["format"])); // the JSON schema, not just "json"
        Assert.Equal(8, PersonaPipeline.ReadCheckpoint(checkpoint).Count);
    }

    [Fact]
    public async Task Personas_YelpReviews_GetTheRestaurantSchema_AndIdsWithQuotesAndBracketsAreCited()
    {
        string checkpoint = Path.Combine(_folder, "yelp.jsonl");

        SampleProcess.Result run = await PersonasAsync("--reviews", YelpReviews(), "--format", "Yelp", "--out", checkpoint,
            "--provider", "openai", "--endpoint", OpenAIEndpoint, "--model", "gpt-4o-mini");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("aspect schema: restaurants (chosen for --format Yelp)", run.Output, StringComparison.Ordinal);
        Assert.Contains("2 generated, 0 already in yelp.jsonl, 0 failed. Aspect schema: restaurants.", run.Output, StringComparison.Ordinal);
        FakeLlmServer.Recorded aspects = Server.Requests.First(r => r.Prompt.Contains("Extract what the reviewer", StringComparison.Ordinal));
        Assert.Equal("aspects_restaurants", (string?)aspects.Body["response_format"]!["json_schema"]!["name"]);
        Assert.Contains("- cuisine:", aspects.Prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("sound, build, price", aspects.Prompt, StringComparison.Ordinal);

        IReadOnlyList<ItemPersonas> items = PersonaPipeline.ReadCheckpoint(checkpoint);
        Assert.Equal(["biz1", "biz2"], items.Select(i => i.ItemId));
        Assert.All(items.SelectMany(i => i.Personas), p => Assert.All(p.ReviewIds, id => Assert.Matches("^rv<[12]-[123]>\"q\"$", id)));
    }

    [Fact]
    public async Task Personas_WrongKey_StopsAtTheFirstRequest_WithOneLineAndExit1_AndLeavesTheCheckpointAsItWas()
    {
        string checkpoint = Path.Combine(_folder, "kept.jsonl");
        SampleProcess.Result first = await PersonasAsync("--reviews", YelpReviews(), "--format", "Yelp", "--out", checkpoint,
            "--provider", "openai", "--endpoint", OpenAIEndpoint, "--model", "gpt-4o-mini");
        Assert.True(first.ExitCode == 0, first.Output);
        byte[] before = await File.ReadAllBytesAsync(checkpoint, TestContext.Current.CancellationToken);

        Server.Mode = FakeLlmServer.Failure.Unauthorized;
        int sent = Server.Requests.Count;
        SampleProcess.Result refused = await PersonasAsync("--reviews", DemoReviews, "--out", checkpoint, "--concurrency", "4",
            "--provider", "openai", "--endpoint", OpenAIEndpoint, "--model", "gpt-4o-mini");

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(1, Server.Requests.Count - sent);
        string[] errors = [.. refused.Output.Split('\n').Where(l => l.Contains("error:", StringComparison.Ordinal))];
        Assert.Single(errors);
        Assert.Contains("HTTP 401", errors[0], StringComparison.Ordinal);
        Assert.Contains("PERSONA4REC_API_KEY", errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("failed.", refused.Output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(checkpoint, TestContext.Current.CancellationToken));

        string fresh = Path.Combine(_folder, "fresh.jsonl");
        SampleProcess.Result again = await PersonasAsync("--reviews", DemoReviews, "--out", fresh, "--provider", "openai", "--endpoint", OpenAIEndpoint, "--model", "gpt-4o-mini");
        Assert.Equal(1, again.ExitCode);
        Assert.False(File.Exists(fresh), "a refused run must not leave a checkpoint behind");
    }

    [Fact]
    public async Task Personas_PersistentServerError_CostsAtMostFiveRequestsPerCall_AndTheReasonIsOneLine()
    {
        Server.Mode = FakeLlmServer.Failure.ServerError;
        string checkpoint = Path.Combine(_folder, "errors.jsonl");

        SampleProcess.Result run = await PersonasAsync("--reviews", YelpReviews(businesses: 1), "--format", "Yelp", "--out", checkpoint,
            "--provider", "openai", "--endpoint", OpenAIEndpoint, "--model", "gpt-4o-mini");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(5, Server.Requests.Count); // LlmPersonaGeneratorOptions.MaxTransientRetries (4) + 1; the OpenAI client's own retries are off.
        Assert.Contains("0 generated, 0 already in errors.jsonl, 1 failed.", run.Output, StringComparison.Ordinal);
        Assert.Contains(run.Output.Split('\n'), l => l.Contains("biz1:", StringComparison.Ordinal) && l.Contains("500", StringComparison.Ordinal));
        string[] lines = await File.ReadAllLinesAsync(checkpoint, TestContext.Current.CancellationToken);
        Assert.Equal(2, lines.Length); // the checkpoint header and the failed item
        Assert.DoesNotContain("\\n", lines[1], StringComparison.Ordinal); // the failure reason is kept on one line
    }

    [Fact]
    public async Task Personas_OllamaModelNotFound_StopsAtTheFirstRequest_WithOneLineAndExit1()
    {
        Server.Mode = FakeLlmServer.Failure.ModelNotFound;

        SampleProcess.Result run = await PersonasAsync("--reviews", DemoReviews, "--out", Path.Combine(_folder, "none.jsonl"),
            "--provider", "ollama", "--endpoint", Server.BaseAddress, "--model", "no-such-model");

        Assert.Equal(1, run.ExitCode);
        Assert.Single(Server.Requests);
        string error = Assert.Single(run.Output.Split('\n'), l => l.Contains("error:", StringComparison.Ordinal));
        Assert.Contains("HTTP 404", error, StringComparison.Ordinal);
        Assert.Contains("no-such-model", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Personas_AnswersWithOtherKeyStylesAndTooManyPersonas_AreRepairedLocally_AndTheSummarySaysSo()
    {
        Server.AnswerStyle = FakeLlmServer.Style.PascalKeysAndTooMany;
        string checkpoint = Path.Combine(_folder, "shapes.jsonl");

        SampleProcess.Result run = await PersonasAsync("--reviews", DemoReviews, "--out", checkpoint, "--provider", "openai",
            "--endpoint", OpenAIEndpoint, "--model", "gpt-4o-mini", "--price-input", "0.15", "--price-output", "0.6");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("8 generated", run.Output, StringComparison.Ordinal);
        Assert.Contains("0 re-asks for unusable answers", run.Output, StringComparison.Ordinal);
        Assert.Contains("16 personas trimmed (more than asked)", run.Output, StringComparison.Ordinal); // two extra per item
        Assert.Matches(@"\d[\d,]* input and \d[\d,]* output tokens, about \$[\d.]+ at \$0\.15/\$0\.6 per million tokens", run.Output);
        Assert.All(PersonaPipeline.ReadCheckpoint(checkpoint).SelectMany(i => i.Personas), p => Assert.DoesNotMatch("^The ", p.Name));
    }

    [Fact]
    public async Task Personas_ServerWithoutJsonSchemaSupport_FallsBackToJsonMode_AfterOneRefusedRequest()
    {
        Server.Mode = FakeLlmServer.Failure.NoJsonSchema;

        SampleProcess.Result run = await PersonasAsync("--reviews", DemoReviews, "--out", Path.Combine(_folder, "jsonmode.jsonl"), "--provider", "openai",
            "--endpoint", OpenAIEndpoint, "--model", "gpt-4o-mini");

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("8 generated", run.Output, StringComparison.Ordinal);
        Assert.Contains("JSON mode with the schema in the prompt was used", run.Output, StringComparison.Ordinal);
        Assert.Single(Server.Requests, r => (string?)r.Body["response_format"]!["type"] == "json_schema");
        Assert.All(Server.Requests.Skip(1), r => Assert.Equal("json_object", (string?)r.Body["response_format"]!["type"]));
    }

    [Fact]
    public async Task Personas_ModelRefuses_TheFailureReasonQuotesTheRefusal()
    {
        Server.Mode = FakeLlmServer.Failure.Refuses;

        SampleProcess.Result run = await PersonasAsync("--reviews", YelpReviews(businesses: 1), "--format", "Yelp", "--out", Path.Combine(_folder, "refused.jsonl"),
            "--provider", "openai", "--endpoint", OpenAIEndpoint, "--model", "gpt-4o-mini");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(run.Output.Split('\n'), l => l.Contains("biz1:", StringComparison.Ordinal)
            && l.Contains("the model refused: \"I'm sorry, but I can't assist with that request.\"", StringComparison.Ordinal));
        Assert.Equal(3, Server.Requests.Count); // asked, then re-asked twice (MaxRepairAttempts)
    }

    [Theory]
    [InlineData("not-a-url")]
    [InlineData("ftp://127.0.0.1/v1")]
    [InlineData("/v1")]
    public async Task Personas_UnusableEndpoint_IsRefusedWithWhatIsExpected(string endpoint)
    {
        SampleProcess.Result run = await PersonasAsync("--reviews", DemoReviews, "--out", Path.Combine(_folder, "x.jsonl"),
            "--provider", "openai", "--endpoint", endpoint, "--model", "gpt-4o-mini");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--endpoint must be an absolute http:// or https:// address", run.Output, StringComparison.Ordinal);
        Assert.Empty(Server.Requests);
    }
}
