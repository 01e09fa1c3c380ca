using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Persona4Rec.Checks;
using Persona4Rec.Offline.Generation;

namespace Persona4Rec.Offline;

/// <content>The stages: summary, aspects, personas; and the validated, repaired, retried call they share.</content>
public sealed partial class LlmPersonaGenerator
{
    /// <summary>Longest model answer echoed back in a repair request.</summary>
    private const int MaxEchoedAnswer = 4000;

    /// <summary>The output-token limit a cut answer is asked again with, at least.</summary>
    private const int MinRaisedOutputTokens = 4096;

    /// <summary><c>OpenAIClientExtensions.StrictKey</c> of Microsoft.Extensions.AI.OpenAI: a <see cref="ChatOptions.AdditionalProperties"/> key asking for strict structured output.</summary>
    private const string StrictKey = "strict";

    private async Task<string?> SummarizeAsync(ItemInfo item, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(item.Title) && string.IsNullOrWhiteSpace(item.Description) && item.Categories.Count == 0)
        {
            return null; // Nothing to summarise; personas are written from the reviews alone.
        }

        return await AskAsync<string>("summary", item.ItemId, Prompts.Summary(item), _options.SummaryTemperature, ResponseSchemas.Summary, json =>
        {
            string? summary = StructuredOutput.GetString(json, "summary")?.Trim();
            return string.IsNullOrEmpty(summary) || summary.Length > 2000
                ? (null, "\"summary\" must be a non-empty string of 2-3 sentences")
                : (summary, null);
        }, cancellationToken).ConfigureAwait(false);
    }

    private Task<AspectRecord> ExtractAspectsAsync(string itemId, Review review, CancellationToken cancellationToken) =>
        AskAsync<AspectRecord>("aspects", itemId, Prompts.Aspects(_options.Schema, review, _options.MaxReviewCharacters), _options.AspectTemperature, _aspectFormat, json =>
        {
            var slots = new Dictionary<string, AspectValue?>(StringComparer.Ordinal);
            foreach (AspectSlot slot in _options.Schema.Slots)
            {
                // A slot the model left out is read as "no evidence", like an explicit null.
                if (!StructuredOutput.TryGetProperty(json, slot.Key, out JsonNode? node) || node is null)
                {
                    slots[slot.Key] = null;
                    continue;
                }

                if (node is not JsonObject value)
                {
                    return (null, $"slot \"{slot.Key}\" must be an object {{\"value\", \"reason\"}} or null");
                }

                string? text = StructuredOutput.GetString(value, "value")?.Trim();
                string? reason = StructuredOutput.GetString(value, "reason")?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    slots[slot.Key] = null;
                }
                else if (string.IsNullOrEmpty(reason))
                {
                    return (null, $"slot \"{slot.Key}\" has a value but no \"reason\"");
                }
                else
                {
                    slots[slot.Key] = new AspectValue(TextLimits.Truncate(text, 300), TextLimits.Truncate(reason, 600));
                }
            }

            return (new AspectRecord(review.ReviewId, review.UserId, slots), null);
        }, cancellationToken);

    private Task<IReadOnlyList<Persona>> WritePersonasAsync(
        string itemId, string? summary, List<AspectRecord> records, IReadOnlyList<Review> reviews, CancellationToken cancellationToken)
    {
        int max = records.Count == 1 ? 1 : Math.Min(_options.MaxPersonas, records.Count);
        int min = records.Count == 1 ? 1 : Math.Min(_options.MinPersonas, max);
        var ratings = reviews.ToDictionary(r => r.ReviewId, r => r.Rating, StringComparer.Ordinal);

        // The prompt names reviews R1, R2, … rather than by their ids: an id with quotes or angle
        // brackets cannot be shown verbatim inside a tag, and an escaped one could never be cited back.
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < records.Count; i++)
        {
            aliases[Prompts.ReviewAlias(i)] = records[i].ReviewId;
        }

        return AskAsync<IReadOnlyList<Persona>>("personas", itemId, Prompts.Personas(summary, records, ratings, min, max), _options.PersonaTemperature, ResponseSchemas.Personas,
            json =>
            {
                PersonaValidation.Result result = PersonaValidation.Validate(json, itemId, aliases, min, max);
                if (result.Personas is not null)
                {
                    _usage.Trimmed(result.Trimmed);
                    _usage.Dropped(result.Dropped);
                }

                return (result.Personas, result.Error);
            },
            cancellationToken);
    }

    /// <summary>
    /// One stage call: send, parse, validate; on an unusable answer, tell the model what was wrong
    /// and ask again, up to <see cref="LlmPersonaGeneratorOptions.MaxRepairAttempts"/> times. An
    /// answer cut at the output-token limit is asked again unchanged with a larger limit instead.
    /// </summary>
    private async Task<T> AskAsync<T>(
        string stage, string itemId, string prompt, float temperature, ChatResponseFormat format, Func<JsonObject, (T? Value, string? Error)> validate, CancellationToken cancellationToken)
        where T : class
    {
        _usage.Call();
        var messages = new List<ChatMessage> { new(ChatRole.System, Prompts.System), new(ChatRole.User, prompt) };
        var chatOptions = new ChatOptions { Temperature = temperature, ModelId = _options.ModelId, ResponseFormat = format, MaxOutputTokens = _options.MaxOutputTokens };
        if (_options.StrictJsonSchema)
        {
            // Microsoft.Extensions.AI's OpenAI adapter reads this key and sends the schema with "strict": true.
            chatOptions.AdditionalProperties = new AdditionalPropertiesDictionary { [StrictKey] = true };
        }

        string reason = "no answer";
        for (int attempt = 0; attempt <= _options.MaxRepairAttempts; attempt++)
        {
            if (attempt > 0)
            {
                _usage.Repair();
            }

            ChatResponse response = await CallAsync(stage, itemId, messages, chatOptions, cancellationToken).ConfigureAwait(false);
            string text = response.Text;
            if (response.FinishReason == ChatFinishReason.Length)
            {
                int? cut = chatOptions.MaxOutputTokens;
                if (cut >= _options.MaxOutputTokensLimit)
                {
                    throw new PersonaGenerationException(
                        $"Item '{itemId}', stage '{stage}': the answer was cut at the output-token limit ({cut} tokens, finish reason 'length') and MaxOutputTokensLimit allows no more.");
                }

                // The same request with room to finish: a cut answer says nothing about what was wrong.
                chatOptions.MaxOutputTokens = Math.Min(_options.MaxOutputTokensLimit, Math.Max(MinRaisedOutputTokens, 2 * (cut ?? 0)));
                reason = $"the answer was cut at the output-token limit ({(cut is null ? "the server's default" : cut + " tokens")}, finish reason 'length')";
                _usage.LengthRetry();
                continue;
            }

            string error;
            if (Refusal(response) is { } refusal)
            {
                error = refusal;
            }
            else if (StructuredOutput.TryParseObject(text, out JsonObject? json, out error))
            {
                (T? value, string? problem) = validate(json!);
                if (value is not null)
                {
                    return value;
                }

                error = problem ?? "the answer did not match the requested format";
            }

            reason = error;
            messages.Add(new ChatMessage(ChatRole.Assistant, TextLimits.Truncate(text ?? string.Empty, MaxEchoedAnswer)));
            messages.Add(new ChatMessage(ChatRole.User, $"That answer cannot be used: {error}. Answer again with only the JSON object in the requested format."));
        }

        throw new PersonaGenerationException(
            $"Item '{itemId}', stage '{stage}': no usable answer after {_options.MaxRepairAttempts + 1} attempts; last problem: {reason}.");
    }

    /// <summary>A refusal or a filtered answer, said as such (with the model's words, cut short) rather than as "the answer was empty".</summary>
    private static string? Refusal(ChatResponse response)
    {
        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            return "the server's content filter withheld the answer (finish reason 'content_filter')";
        }

        string? refused = response.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>().Select(e => e.Message).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m));
        return refused is null ? null : $"the model refused: \"{OneLine(refused, 300)}\"";
    }

    /// <summary>
    /// One request, with transient faults retried; a refused key, permission, model or address stops
    /// everything; a server that refuses JSON-schema output (HTTP 400) is asked once more in JSON
    /// mode with the schema in the prompt, and every later call goes straight to JSON mode.
    /// </summary>
    private async Task<ChatResponse> CallAsync(string stage, string itemId, List<ChatMessage> messages, ChatOptions chatOptions, CancellationToken cancellationToken)
    {
        if (_jsonMode)
        {
            ToJsonMode(messages, chatOptions);
        }

        try
        {
            return await SendAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!_jsonMode && TransientFaults.StatusOf(e) == 400 && chatOptions.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            _jsonMode = true;
            UsageCounters.JsonModeFallback();
            ToJsonMode(messages, chatOptions);
            return await CallAsync(stage, itemId, messages, chatOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TransientFaults.IsFatal(e))
        {
            int status = TransientFaults.StatusOf(e)!.Value;
            string what = status switch
            {
                401 => "HTTP 401 (unauthorized): the API key is missing or wrong",
                403 => "HTTP 403 (forbidden): the API key has no access to this model or endpoint",
                _ => $"HTTP 404 (not found): the model '{_options.ModelId ?? "(client default)"}' does not exist on this server, or the endpoint address is wrong (OpenAI-compatible servers usually end in /v1)",
            };
            throw new LlmAccessException($"The LLM server refused the call ({stage}, item '{itemId}') with {what}. Server said: {OneLine(e.Message, 200)}", status, e);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new PersonaGenerationException($"Item '{itemId}', stage '{stage}': the LLM call failed ({e.GetType().Name}: {OneLine(e.Message, 500)}).", e);
        }
    }

    private async Task<ChatResponse> SendAsync(List<ChatMessage> messages, ChatOptions chatOptions, CancellationToken cancellationToken)
    {
        int tries = 0;
        ChatResponse response = await _resilience.ExecuteAsync(
            async token =>
            {
                if (tries++ > 0)
                {
                    _usage.TransientRetry();
                }

                _usage.Request();
                return await _client.GetResponseAsync(messages, chatOptions, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        _usage.Tokens(response.Usage);
        return response;
    }

    /// <summary>JSON mode (<c>response_format: json_object</c>) with the stage's JSON schema written into the prompt.</summary>
    private static void ToJsonMode(List<ChatMessage> messages, ChatOptions chatOptions)
    {
        if (chatOptions.ResponseFormat is not ChatResponseFormatJson { Schema: { } schema })
        {
            return;
        }

        chatOptions.ResponseFormat = ChatResponseFormat.Json;
        chatOptions.AdditionalProperties?.Remove(StrictKey);
        messages[1] = new ChatMessage(ChatRole.User, messages[1].Text + "\nThe JSON object must follow this JSON schema: " + schema.GetRawText());
    }

    /// <summary>A message on one line (servers and SDKs put blank lines and whole bodies in theirs), cut to <paramref name="max"/> characters.</summary>
    internal static string OneLine(string text, int max) =>
        TextLimits.Truncate(string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), max);
}
