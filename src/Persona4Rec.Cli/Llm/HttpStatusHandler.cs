using System.Text.Json;
using Persona4Rec.Cli.Commands;

namespace Persona4Rec.Cli.Llm;

/// <summary>
/// Turns a server's error answer into an <see cref="HttpRequestException"/> that carries the HTTP
/// status, the server's own error text and its <c>Retry-After</c> (in <see cref="Exception.Data"/>),
/// before a client library reads the body and throws something that has lost them (OllamaSharp
/// throws a message-only exception). The generator then retries 429/5xx and stops at 401/403/404.
/// </summary>
internal sealed class HttpStatusHandler : DelegatingHandler
{
    private const int MaxErrorCharacters = 300;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var exception = new HttpRequestException(
                $"HTTP {(int)response.StatusCode} ({response.ReasonPhrase}) from {request.RequestUri}: {ErrorText(body)}", null, response.StatusCode);
            if (response.Headers.RetryAfter is { } retryAfter)
            {
                exception.Data["Retry-After"] = retryAfter.Delta is TimeSpan delta
                    ? delta
                    : retryAfter.Date is DateTimeOffset date ? (date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero) : null;
            }

            throw exception;
        }
    }

    /// <summary>The <c>error</c> field of a JSON error body (Ollama, OpenAI), else the body's start.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            JsonElement error = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out JsonElement e) ? e : default;
            string? text = error.ValueKind switch
            {
                JsonValueKind.String => error.GetString(),
                JsonValueKind.Object when error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String => m.GetString(),
                _ => null,
            };
            if (text is not null)
            {
                return ExitCodes.OneLine(text, MaxErrorCharacters);
            }
        }
        catch (JsonException)
        {
            // Not JSON: show the start of the body.
        }

        return body.Length == 0 ? "(empty body)" : ExitCodes.OneLine(body, MaxErrorCharacters);
    }
}
