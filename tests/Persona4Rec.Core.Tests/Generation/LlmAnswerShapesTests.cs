using System.Net;
using Microsoft.Extensions.AI;
using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Generation;

/// <summary>
/// The answer shapes real models give (keys in Pascal or snake case, names with a leading article,
/// more personas than asked, refusals) and servers without JSON-schema support: repaired locally
/// where that is safe, re-asked only when it is not, and counted in <see cref="LlmPersonaGenerator.Usage"/>.
/// The answers below follow the shapes quoted in the issues from gpt-4o-mini runs of the paper's
/// pipeline (its output keys are <c>Name</c>, <c>Description</c>, <c>Preference_Rationale</c>).
/// </summary>
public sealed class LlmAnswerShapesTests
{
    private static readonly ItemInfo Book = new("book", "A Novel", "A long novel.", ["Books", "Fiction"]);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static LlmPersonaGeneratorOptions FastOptions => new()
    {
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        CallTimeout = TimeSpan.FromSeconds(5),
    };

    private static Review[] Reviews(int count) => Enumerable.Range(1, count)
        .Select(i => new Review($"r{i}", $"u{i}", "book", 1 + (i % 5), $"Review {i}: the characters stayed with me for weeks.", null, DateTimeOffset.UnixEpoch.AddDays(i)))
        .ToArray();

    private static ScriptedChatClient Client() => new ScriptedChatClient()
        .Default("summary", _ => """{"Summary": "A long literary novel about a family over three generations."}""")
        .Default("aspects", _ => """
            {"Category_Preference": {"Value": "literary fiction", "Reason": "reads mostly novels"},
             "PurchasePurpose": {"value": "a long holiday read", "REASON": "bought it for the summer"},
             "quality-criteria": {"Value": "character depth", "Reason": "praises the characters"},
             "usage_context": null}
            """)
        .Default("judge", _ => """{"PersonaId": "P1", "Reason": "fits"}""");

    private static string Persona(string nameKey, string name, string rationaleKey, string review) =>
        $$"""{"{{nameKey}}": "{{name}}", "Description": "Reads slowly and deeply. Returns to favourite passages. Values immersion over plot twists.", "{{rationaleKey}}": "Review {{review}} praises the characters.", "ReviewIds": ["{{review}}"]}""";

    [Fact]
    public async Task GenerateAsync_KeysInPascalSnakeAndMixedCase_NamesWithALeadingArticle_AreAcceptedWithoutAReAsk()
    {
        var client = Client().Then("personas", """{"Personas": [""" + string.Join(", ",
            Persona("Name", "The Immersive Fiction Enthusiast", "Preference_Rationale", "R1"),
            Persona("name", "A Patient Literary Reader", "preference_rationale", "R2"),
            Persona("NAME", "Holiday Page Turner", "PreferenceRationale", "R3")) + "]}");
        var generator = new LlmPersonaGenerator(client, FastOptions);

        ItemPersonas result = await generator.GenerateAsync(Book, Reviews(3), cancellationToken: Token);
        string judged = await generator.JudgeAsync("Reads literary fiction.", result.Personas, Token);

        Assert.Equal((1, 3, 1, 1), (client.Count("summary"), client.Count("aspects"), client.Count("personas"), client.Count("judge")));
        Assert.Equal(0, generator.Usage.Repairs);
        Assert.StartsWith("A long literary novel", result.Summary, StringComparison.Ordinal);
        Assert.Equal(["Immersive Fiction Enthusiast", "Patient Literary Reader", "Holiday Page Turner"], result.Personas.Select(p => p.Name));
        Assert.All(result.Personas, p => Assert.StartsWith("Review R", p.PreferenceRationale, StringComparison.Ordinal));
        Assert.Equal(["r1", "r2", "r3"], result.Personas.SelectMany(p => p.ReviewIds));
        AspectRecord aspects = result.Aspects![0];
        Assert.Equal("literary fiction", aspects.Slots["category_preference"]!.Value);
        Assert.Equal("bought it for the summer", aspects.Slots["purchase_purpose"]!.Reason);
        Assert.Equal("character depth", aspects.Slots["quality_criteria"]!.Value);
        Assert.Equal("P1", judged);
    }

    [Fact]
    public async Task GenerateAsync_NinePersonasWhereSevenAreAllowed_KeepsTheBestSupportedSeven_WithoutAReAsk()
    {
        // Personas 3 and 8 cite two reviews each; the others one. The trim keeps the 7 best-supported, in the model's order.
        string[] names = ["Quiet Reader", "Book Club Host", "Family Saga Fan", "Slow Burn Lover", "Prose Stylist", "Holiday Reader", "Audiobook Listener", "Literary Critic", "Gift Buyer"];
        var personas = names.Select((name, i) =>
            $$"""{"name": "{{name}}", "description": "Persona {{i}} reads in a particular way. They value particular things {{i}}. They buy books often.", "preferenceRationale": "Cites the reviews.", "reviewIds": [{{(i is 2 or 7 ? $"\"R{i + 1}\", \"R1\"" : $"\"R{i + 1}\"")}}]}""");
        var client = Client().Then("personas", """{"personas": [""" + string.Join(", ", personas) + "]}");
        var generator = new LlmPersonaGenerator(client, FastOptions);

        ItemPersonas result = await generator.GenerateAsync(Book, Reviews(9), cancellationToken: Token);

        Assert.Equal(1, client.Count("personas"));
        Assert.Equal(["Quiet Reader", "Book Club Host", "Family Saga Fan", "Slow Burn Lover", "Prose Stylist", "Holiday Reader", "Literary Critic"], result.Personas.Select(p => p.Name));
        Assert.Equal(["P1", "P2", "P3", "P4", "P5", "P6", "P7"], result.Personas.Select(p => p.PersonaId));
        Assert.Equal(2, generator.Usage.TrimmedPersonas);
        Assert.Equal(0, generator.Usage.Repairs);
    }

    [Fact]
    public async Task GenerateAsync_OneInvalidPersonaAmongEnoughValidOnes_IsDroppedLocally_FewerThanTheMinimumIsReAskedNamingTheRealProblem()
    {
        string good1 = Persona("name", "Quiet Reader", "preferenceRationale", "R1");
        string good2 = Persona("name", "Book Club Host", "preferenceRationale", "R2");
        string noRationale = """{"name": "Gift Buyer", "description": "Buys for others.", "reviewIds": ["R3"]}""";
        string longName = Persona("name", "The Reader Who Loves Very Long Family Sagas", "preferenceRationale", "R3");
        var client = Client()
            .Then("personas", $$"""{"personas": [{{good1}}, {{noRationale}}, {{good2}}]}""")
            .Then("personas", $$"""{"personas": [{{good1}}, {{longName}}]}""")
            .Then("personas", $$"""{"personas": [{{good1}}, {{good2}}]}""");
        var generator = new LlmPersonaGenerator(client, FastOptions);

        ItemPersonas first = await generator.GenerateAsync(Book, Reviews(3), cancellationToken: Token);
        Assert.Equal(["Quiet Reader", "Book Club Host"], first.Personas.Select(p => p.Name));
        Assert.Equal(1, generator.Usage.DroppedPersonas);
        Assert.Equal(0, generator.Usage.Repairs);

        ItemPersonas second = await generator.GenerateAsync(Book, Reviews(3), cancellationToken: Token);
        Assert.Equal(2, second.Personas.Count);
        Assert.Equal(1, generator.Usage.Repairs);
        Assert.Contains("persona 2 has a \"name\" of 7 words; use at most 5", client.Requests.Last(r => r.Stage == "personas").Messages[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_AllAspectAnswersEmpty_FailsTheItemWithItsReason_InsteadOfZeroPersonas()
    {
        var client = Client().Default("aspects", _ => LlmAnswers.EmptyAspects);

        var error = await Assert.ThrowsAsync<PersonaGenerationException>(() => new LlmPersonaGenerator(client, FastOptions).GenerateAsync(Book, Reviews(4), cancellationToken: Token));

        Assert.Contains("none of the 4 aspect answers had enough content", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.Count("personas"));
    }

    [Fact]
    public async Task GenerateAsync_Refusal_IsReportedWithTheModelsWords()
    {
        var client = new ScriptedChatClient()
            .ThenRefuse("summary", "I'm sorry, but I can't help with that request.")
            .ThenRefuse("summary", "I'm sorry, but I can't help with that request.")
            .ThenRefuse("summary", "I'm sorry, but I can't help with that request.");

        var error = await Assert.ThrowsAsync<PersonaGenerationException>(() => new LlmPersonaGenerator(client, FastOptions).GenerateAsync(Book, Reviews(2), cancellationToken: Token));

        Assert.Contains("the model refused: \"I'm sorry, but I can't help with that request.\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_ServerWithoutJsonSchemaSupport_FallsBackToJsonModeWithTheSchemaInThePrompt_Once()
    {
        var scripted = Client().Default("personas", p => LlmAnswers.Personas(p, 2));
        using var client = new SchemaRefusingChatClient(scripted);
        var generator = new LlmPersonaGenerator(client, FastOptions);

        ItemPersonas result = await generator.GenerateAsync(Book, Reviews(3), cancellationToken: Token);

        Assert.Equal(2, result.Personas.Count);
        Assert.Equal(1, client.Refused); // the first request only; every later call asks for JSON mode directly
        Assert.True(generator.Usage.JsonModeFallback);
        Assert.All(scripted.Requests, r => Assert.Same(ChatResponseFormat.Json, r.Options!.ResponseFormat));
        Assert.All(scripted.Requests, r => Assert.Contains("must follow this JSON schema: {", r.Messages[1].Text, StringComparison.Ordinal));
        Assert.Equal(6, generator.Usage.Requests); // the refused one, then summary, 3 aspects, personas
    }

    [Fact]
    public async Task Usage_CountsRequestsRetriesAndTokens()
    {
        var client = Client()
            .ThenThrow("summary", new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable))
            .Then("personas", "not json")
            .Default("personas", p => LlmAnswers.Personas(p, 2));
        var generator = new LlmPersonaGenerator(client, FastOptions);

        await generator.GenerateAsync(Book, Reviews(2), cancellationToken: Token);

        LlmUsage usage = generator.Usage;
        Assert.Equal(4, usage.Calls); // summary, 2 aspects, personas
        Assert.Equal(client.Requests.Count, usage.Requests);
        Assert.Equal(6, usage.Requests);
        Assert.Equal(1, usage.TransientRetries);
        Assert.Equal(1, usage.Repairs);
        Assert.Equal(5 * ScriptedChatClient.InputTokensPerCall, usage.InputTokens); // the failed request reported none
        Assert.Equal(5 * ScriptedChatClient.OutputTokensPerCall, usage.OutputTokens);
        Assert.False(usage.JsonModeFallback);
    }

    /// <summary>A server that answers HTTP 400 to <c>response_format: json_schema</c> and serves JSON mode.</summary>
    private sealed class SchemaRefusingChatClient(IChatClient inner) : DelegatingChatClient(inner)
    {
        public int Refused { get; private set; }

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (options?.ResponseFormat is ChatResponseFormatJson { Schema: not null })
            {
                Refused++;
                throw new HttpRequestException("response_format json_schema is not supported by this model", null, HttpStatusCode.BadRequest);
            }

            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
