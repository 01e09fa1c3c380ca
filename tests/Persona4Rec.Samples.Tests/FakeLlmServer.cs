using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Persona4Rec.Samples.Tests;

/// <summary>
/// An LLM server on 127.0.0.1 (Kestrel, a real socket) speaking two wire formats: OpenAI chat
/// completions (<c>POST /v1/chat/completions</c>) and Ollama (<c>POST /api/chat</c>, streamed or
/// not). It answers each stage of the persona pipeline the way a model would, built from the prompt
/// (slot keys, review names), or fails on purpose (<see cref="Mode"/>), and records every request.
/// </summary>
internal sealed partial class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Recorded> _requests = [];

    public enum Failure
    {
        None,
        Unauthorized,
        ServerError,
        ModelNotFound,

        /// <summary>HTTP 400 to <c>response_format: json_schema</c> (servers without structured outputs); JSON mode works.</summary>
        NoJsonSchema,

        /// <summary>HTTP 200 with an OpenAI refusal: no content, a <c>refusal</c> text.</summary>
        Refuses,
    }

    /// <summary>How the personas answer is written.</summary>
    public enum Style
    {
        /// <summary>As asked: camelCase keys, at most as many personas as reviews (and 3).</summary>
        AsAsked,

        /// <summary>As some models do: PascalCase and snake_case keys, names with a leading article, two personas more than allowed.</summary>
        PascalKeysAndTooMany,
    }

    public sealed record Recorded(string Path, string? Authorization, JsonObject Body, string Prompt);

    private FakeLlmServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Gets or sets how the server answers from now on.</summary>
    public Failure Mode { get; set; }

    /// <summary>Gets or sets how the personas answer is written.</summary>
    public Style AnswerStyle { get; set; }

    public string BaseAddress => _app.Urls.Single();

    public IReadOnlyList<Recorded> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeLlmServer> StartAsync(CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new FakeLlmServer(app);
        app.MapPost("/v1/chat/completions", server.OpenAIAsync);
        app.MapPost("/api/chat", server.OllamaAsync);
        await app.StartAsync(cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task OpenAIAsync(HttpContext context)
    {
        (JsonObject body, string prompt) = await RecordAsync(context);
        if (await FailAsync(context, openAI: true))
        {
            return;
        }

        string answer = Answer(prompt, AnswerStyle);
        var message = Mode == Failure.Refuses
            ? new JsonObject { ["role"] = "assistant", ["content"] = null, ["refusal"] = "I'm sorry, but I can't assist with that request." }
            : new JsonObject { ["role"] = "assistant", ["content"] = answer };
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = (string?)body["model"],
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 100, ["completion_tokens"] = 50, ["total_tokens"] = 150 },
        });
    }

    private async Task OllamaAsync(HttpContext context)
    {
        (JsonObject body, string prompt) = await RecordAsync(context);
        if (await FailAsync(context, openAI: false))
        {
            return;
        }

        string answer = Answer(prompt, AnswerStyle);
        JsonObject Chunk(string content, bool done)
        {
            var chunk = new JsonObject
            {
                ["model"] = (string?)body["model"],
                ["created_at"] = "2026-12-04T00:00:00Z",
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["done"] = done,
            };
            if (done)
            {
                chunk["done_reason"] = "stop";
                chunk["prompt_eval_count"] = 100;
                chunk["eval_count"] = 50;
            }

            return chunk;
        }

        if (body["stream"] is JsonValue stream && !stream.GetValue<bool>())
        {
            await context.Response.WriteAsJsonAsync(Chunk(answer, done: true));
            return;
        }

        // Ollama streams by default: one JSON object per line, the last with "done": true.
        context.Response.ContentType = "application/x-ndjson";
        int half = answer.Length / 2;
        foreach (JsonObject chunk in new[] { Chunk(answer[..half], false), Chunk(answer[half..], false), Chunk(string.Empty, true) })
        {
            await context.Response.WriteAsync(chunk.ToJsonString() + "\n");
            await context.Response.Body.FlushAsync();
        }
    }

    private async Task<(JsonObject Body, string Prompt)> RecordAsync(HttpContext context)
    {
        JsonObject body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        string prompt = string.Join("\n", (body["messages"] as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(m => (string?)m["role"] == "user")
            .Take(1)
            .Select(m => m["content"] switch
            {
                JsonValue text => text.GetValue<string>(),
                JsonArray parts => string.Concat(parts.OfType<JsonObject>().Select(p => (string?)p["text"])),
                _ => string.Empty,
            }));
        context.Items["format"] = (string?)body["response_format"]?["type"];
        lock (_requests)
        {
            _requests.Add(new Recorded(context.Request.Path, context.Request.Headers.Authorization.ToString(), body, prompt));
        }

        return (body, prompt);
    }

    private async Task<bool> FailAsync(HttpContext context, bool openAI)
    {
        (int status, string message) = Mode switch
        {
            Failure.Unauthorized => (401, "Incorrect API key provided: wrong-key. You can find your API key at\n\nhttps://platform.openai.com/account/api-keys."),
            Failure.ServerError => (500, "The server had an error while processing your request."),
            Failure.ModelNotFound => (404, "model \"no-such-model\" not found, try pulling it first"),
            Failure.NoJsonSchema when (string?)context.Items["format"] == "json_schema" => (400, "response_format of type json_schema is not supported by this model"),
            _ => (0, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = "0"; // Honoured: the retries of a 500 run at once in the test.
        await context.Response.WriteAsJsonAsync(openAI
            ? new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error", ["code"] = status.ToString(CultureInfo.InvariantCulture) } }
            : new JsonObject { ["error"] = message });
        return true;
    }

    /// <summary>What a model writes for the stage the prompt asks for.</summary>
    private static string Answer(string prompt, Style style)
    {
        if (prompt.Contains("Write a neutral summary", StringComparison.Ordinal))
        {
            return """{"summary": "A product sold in this shop. It does what its title says."}""";
        }

        if (prompt.Contains("Extract what the reviewer", StringComparison.Ordinal))
        {
            var slots = new JsonObject();
            foreach (Match slot in SlotLine().Matches(prompt))
            {
                slots[slot.Groups[1].Value] = new JsonObject { ["value"] = $"likes the {slot.Groups[1].Value.Replace('_', ' ')}", ["reason"] = "the review says so" };
            }

            return slots.ToJsonString();
        }

        string[] reviews = [.. ReviewName().Matches(prompt).Select(m => m.Groups[1].Value)];
        bool asAsked = style == Style.AsAsked;
        int allowed = prompt.Contains("Write exactly 1 persona", StringComparison.Ordinal) ? 1 : Math.Min(3, reviews.Length);
        int count = asAsked ? allowed : allowed + 2;
        string[] names = ["Gigging Guitarist", "Careful Beginner", "Studio Perfectionist", "Weekend Hobbyist", "Touring Bassist"];
        var personas = new JsonArray();
        for (int i = 0; i < count; i++)
        {
            personas.Add(new JsonObject
            {
                [asAsked ? "name" : "Name"] = asAsked ? names[i] : "The " + names[i],
                [asAsked ? "description" : "Description"] = $"Persona {i + 1} buys with a purpose. Their habits differ: {names[i]}. They write about what they use.",
                [asAsked ? "preferenceRationale" : "Preference_Rationale"] = $"Review {reviews[i % reviews.Length]} explains what persona {i + 1} values here.",
                [asAsked ? "reviewIds" : "ReviewIds"] = new JsonArray(reviews[i % reviews.Length]),
            });
        }

        return new JsonObject { [asAsked ? "personas" : "Personas"] = personas }.ToJsonString();
    }

    /// <summary>Writes <paramref name="reviews"/> as a Yelp <c>review.json</c> file.</summary>
    public static string WriteYelpReviews(string path, IEnumerable<(string ReviewId, string UserId, string BusinessId, string Text)> reviews)
    {
        var text = new StringBuilder();
        foreach (var r in reviews)
        {
            text.AppendLine(new JsonObject
            {
                ["review_id"] = r.ReviewId,
                ["user_id"] = r.UserId,
                ["business_id"] = r.BusinessId,
                ["stars"] = 4.0,
                ["text"] = r.Text,
                ["date"] = "2024-05-01 19:30:00",
            }.ToJsonString());
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    [GeneratedRegex(@"^- ([a-z_]+): ", RegexOptions.Multiline)]
    private static partial Regex SlotLine();

    [GeneratedRegex("<review id=\"([^\"]+)\"")]
    private static partial Regex ReviewName();
}
