using System.Net;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Generation;

public sealed class PersonaPipelineTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Checkpoint => _temp.File("personas.jsonl");

    public void Dispose() => _temp.Dispose();

    private static List<CatalogueItem> Catalogue(int items) => Enumerable.Range(0, items)
        .Select(i => new CatalogueItem(
            new ItemInfo($"item-{i:D3}", $"Item {i}", null, []),
            Enumerable.Range(0, 1 + (i % 4)).Select(r => new Review($"i{i}-r{r}", $"u{r}", $"item-{i:D3}", 4, $"Review {r} of item {i}.", null, DateTimeOffset.UnixEpoch)).ToArray()))
        .ToList();

    private PersonaPipeline Pipeline(IPersonaGenerator generator, int concurrency = 3) => new(generator, new PersonaPipelineOptions
    {
        CheckpointPath = Checkpoint,
        MaxConcurrency = concurrency,
        InitialBackoff = TimeSpan.FromMilliseconds(1),
    });

    [Fact]
    public async Task RunAsync_CancelledHalfWay_ThenRerun_EndsWithExactlyTheUninterruptedResult()
    {
        var catalogue = Catalogue(40);
        string reference = _temp.File("reference.jsonl");
        await new PersonaPipeline(new FakePersonaGenerator(), new PersonaPipelineOptions { CheckpointPath = reference }).RunAsync(catalogue, cancellationToken: Token);

        using var cts = new CancellationTokenSource();
        var interrupting = new FakePersonaGenerator { OnCall = n => { if (n == 15) { cts.Cancel(); } } };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pipeline(interrupting).RunAsync(catalogue, cancellationToken: cts.Token));
        int doneBefore = PersonaPipeline.ReadCheckpoint(Checkpoint).Count;

        var resuming = new FakePersonaGenerator();
        PersonaPipelineSummary summary = await Pipeline(resuming).RunAsync(catalogue, cancellationToken: Token);

        Assert.InRange(doneBefore, 1, 39);
        Assert.Equal(doneBefore, summary.Skipped);
        Assert.Equal(40 - doneBefore, summary.Generated);
        Assert.Equal(40 - doneBefore, resuming.Calls);
        Assert.Equal(Describe(PersonaPipeline.ReadCheckpoint(reference)), Describe(PersonaPipeline.ReadCheckpoint(Checkpoint)));
        Assert.Equal(41, File.ReadAllLines(Checkpoint).Length); // the header and one line per item
    }

    [Fact]
    public async Task RunAsync_UnchangedItems_AreSkipped_ChangedOnesRegenerated()
    {
        var catalogue = Catalogue(10);
        await Pipeline(new FakePersonaGenerator()).RunAsync(catalogue, cancellationToken: Token);
        catalogue[3] = catalogue[3] with { Reviews = [.. catalogue[3].Reviews, new Review("new", "u9", "item-003", 1, "A new critical review.", null, DateTimeOffset.UnixEpoch)] };

        var generator = new FakePersonaGenerator();
        PersonaPipelineSummary summary = await Pipeline(generator).RunAsync(catalogue, cancellationToken: Token);

        Assert.Equal((1, 9, 0), (summary.Generated, summary.Skipped, summary.Failed));
        Assert.Contains("new", PersonaPipeline.ReadCheckpoint(Checkpoint).Single(i => i.ItemId == "item-003").Personas.SelectMany(p => p.ReviewIds));
    }

    [Fact]
    public async Task RunAsync_OneBadItem_IsRecordedWithItsReason_AndRetriedByTheNextRun()
    {
        var catalogue = Catalogue(6);
        var failing = new FakePersonaGenerator { Fail = id => id == "item-002" ? new PersonaGenerationException("the LLM kept answering in prose") : null };

        PersonaPipelineSummary first = await Pipeline(failing).RunAsync(catalogue, cancellationToken: Token);
        PersonaPipelineSummary second = await Pipeline(new FakePersonaGenerator()).RunAsync(catalogue, cancellationToken: Token);

        Assert.Equal((5, 1), (first.Generated, first.Failed));
        Assert.Equal("item-002", first.Failures[0].ItemId);
        Assert.Contains("prose", first.Failures[0].Reason, StringComparison.Ordinal);
        Assert.Equal((1, 5, 0), (second.Generated, second.Skipped, second.Failed));
        Assert.Equal(6, PersonaPipeline.ReadCheckpoint(Checkpoint).Count);
    }

    [Fact]
    public async Task RunAsync_TransientErrorThenSuccess_IsRetriedWithBackoff()
    {
        int attempts = 0;
        var flaky = new FakePersonaGenerator
        {
            Fail = id => id == "item-001" && Interlocked.Increment(ref attempts) < 3
                ? new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable)
                : null,
        };

        PersonaPipelineSummary summary = await Pipeline(flaky).RunAsync(Catalogue(3), cancellationToken: Token);

        Assert.Equal((3, 0), (summary.Generated, summary.Failed));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task RunAsync_TornLastLine_FromAKilledRun_IsDroppedAndItsItemRegenerated()
    {
        var catalogue = Catalogue(5);
        await Pipeline(new FakePersonaGenerator()).RunAsync(catalogue, cancellationToken: Token);
        var lines = File.ReadAllLines(Checkpoint);
        File.WriteAllText(Checkpoint, string.Join("\n", lines[..5]) + "\n" + lines[5][..(lines[5].Length / 2)]); // header + 4 entries + half of the 5th

        PersonaPipelineSummary summary = await Pipeline(new FakePersonaGenerator()).RunAsync(catalogue, cancellationToken: Token);

        Assert.Equal((1, 4), (summary.Generated, summary.Skipped));
        Assert.Equal(6, File.ReadAllLines(Checkpoint).Length);
        Assert.Equal(5, PersonaPipeline.ReadCheckpoint(Checkpoint).Count);
    }

    [Theory]
    [InlineData("[{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 5.0, \"reviewText\": \"Great strings.\"}]")] // a one-line JSON array, no newline
    [InlineData("{\"reviewerID\": \"A1\", \"asin\": \"B1\", \"overall\": 5.0, \"reviewText\": \"Great strings.\"}")] // one review, no newline
    [InlineData("{\"reviewerID\": \"A1\", \"asin\": \"B1\"}\n{\"reviewerID\": \"A2\", \"asin\": \"B1\"}\n")] // a review file
    [InlineData("notes about my catalogue")]
    [InlineData("\n{\"itemId\": \"x\"}\n")]
    public async Task RunAsync_OutPointsAtAFileThatIsNotACheckpoint_RefusesIt_AndLeavesItByteForByte(string content)
    {
        File.WriteAllText(Checkpoint, content);
        byte[] before = File.ReadAllBytes(Checkpoint);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Pipeline(new FakePersonaGenerator()).RunAsync(Catalogue(3), cancellationToken: Token));

        Assert.Contains("is not a persona checkpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("left untouched", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Checkpoint));
        Assert.Throws<InvalidDataException>(() => PersonaPipeline.ReadCheckpoint(Checkpoint));
    }

    [Fact]
    public async Task RunAsync_NewCheckpoint_StartsWithTheHeader_AndACheckpointWithoutOne_StillResumes()
    {
        await Pipeline(new FakePersonaGenerator()).RunAsync(Catalogue(3), cancellationToken: Token);
        string[] lines = File.ReadAllLines(Checkpoint);
        Assert.Equal("{\"persona4rec\":\"checkpoint\",\"version\":1}", lines[0]);

        // A checkpoint written before the header existed: its entries alone, the last one torn by a kill.
        File.WriteAllText(Checkpoint, string.Join("\n", lines[1..3]) + "\n" + lines[3][..20]);
        PersonaPipelineSummary summary = await Pipeline(new FakePersonaGenerator()).RunAsync(Catalogue(3), cancellationToken: Token);

        Assert.Equal((1, 2), (summary.Generated, summary.Skipped));
        Assert.Equal(3, PersonaPipeline.ReadCheckpoint(Checkpoint).Count);
    }

    [Fact]
    public async Task RunAsync_HeaderTornByAKill_StartsAFreshCheckpoint()
    {
        File.WriteAllText(Checkpoint, "{\"persona4rec\":\"check");

        PersonaPipelineSummary summary = await Pipeline(new FakePersonaGenerator()).RunAsync(Catalogue(2), cancellationToken: Token);

        Assert.Equal(2, summary.Generated);
        Assert.Equal(3, File.ReadAllLines(Checkpoint).Length);
    }

    [Fact]
    public async Task RunAsync_MalformedLineInTheMiddle_ThrowsNamingTheLine_AndChangesNothing()
    {
        await Pipeline(new FakePersonaGenerator()).RunAsync(Catalogue(4), cancellationToken: Token);
        var lines = File.ReadAllLines(Checkpoint);
        lines[1] = "{not json";
        File.WriteAllLines(Checkpoint, lines);
        byte[] before = File.ReadAllBytes(Checkpoint);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Pipeline(new FakePersonaGenerator()).RunAsync(Catalogue(4), cancellationToken: Token));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Checkpoint));
    }

    [Fact]
    public async Task RunAsync_RefusedKey_StopsAtTheFirstRequest_AndLeavesNoCheckpoint()
    {
        var client = new ScriptedChatClient().Default("summary", _ => throw new HttpRequestException("Incorrect API key", null, HttpStatusCode.Unauthorized));
        var generator = new LlmPersonaGenerator(client, new LlmPersonaGeneratorOptions { InitialBackoff = TimeSpan.FromMilliseconds(1) });

        await Assert.ThrowsAsync<LlmAccessException>(() => Pipeline(generator, concurrency: 4).RunAsync(Catalogue(12), cancellationToken: Token));

        Assert.Single(client.Requests); // the first item runs alone
        Assert.False(File.Exists(Checkpoint));
    }

    [Fact]
    public async Task RunAsync_RefusedKey_LeavesAnExistingCheckpointByteForByte()
    {
        await Pipeline(new FakePersonaGenerator()).RunAsync(Catalogue(3), cancellationToken: Token);
        byte[] before = File.ReadAllBytes(Checkpoint);
        var client = new ScriptedChatClient().Default("summary", _ => throw new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden));

        await Assert.ThrowsAsync<LlmAccessException>(() => Pipeline(new LlmPersonaGenerator(client)).RunAsync(Catalogue(10), cancellationToken: Token));

        Assert.Equal(before, File.ReadAllBytes(Checkpoint));
    }

    [Fact]
    public async Task RunAsync_DuplicateItemIds_AreRejected()
    {
        var catalogue = Catalogue(3);
        catalogue.Add(catalogue[0]);
        await Assert.ThrowsAsync<ArgumentException>(() => Pipeline(new FakePersonaGenerator()).RunAsync(catalogue, cancellationToken: Token));
    }

    [Fact]
    public async Task RunAsync_ReportsProgressForEveryItem()
    {
        var reports = new List<PersonaPipelineProgress>();
        await Pipeline(new FakePersonaGenerator()).RunAsync(Catalogue(7), new SyncProgress<PersonaPipelineProgress>(reports.Add), Token);
        Assert.Equal(7, reports[^1].Generated);
        Assert.Equal(8, reports.Count);
    }

    private static string[] Describe(IReadOnlyList<ItemPersonas> items) =>
        [.. items.SelectMany(i => i.Personas.Select(p => $"{i.ItemId}|{i.Summary}|{p.PersonaId}|{p.Name}|{p.Description}|{p.PreferenceRationale}|{string.Join(",", p.ReviewIds)}"))];

    /// <summary>A deterministic generator: one persona per review, with hooks to fail or to act on the n-th call.</summary>
    private sealed class FakePersonaGenerator : IPersonaGenerator
    {
        private int _calls;

        public int Calls => _calls;

        public Action<int>? OnCall { get; init; }

        public Func<string, Exception?>? Fail { get; init; }

        public async Task<ItemPersonas> GenerateAsync(ItemInfo item, IReadOnlyList<Review> reviews, IProgress<PersonaGenerationProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            int call = Interlocked.Increment(ref _calls);
            OnCall?.Invoke(call);
            await Task.Delay(5, cancellationToken);
            if (Fail?.Invoke(item.ItemId) is Exception e)
            {
                throw e;
            }

            return new ItemPersonas(item.ItemId, $"Summary of {item.Title}.", reviews
                .Select((r, i) => new Persona(Persona.IdFor(i), item.ItemId, $"Persona {i}", $"Wrote {r.ReviewId}.", r.Text, [r.ReviewId]))
                .ToArray());
        }
    }
}
