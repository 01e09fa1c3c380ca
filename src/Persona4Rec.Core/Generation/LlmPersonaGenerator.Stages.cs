using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Persona4Rec.Generation;

namespace Persona4Rec;

/// <content>The stages: summary, aspects, personas; and the validated, repaired, retried call they share.</content>
public sealed partial class LlmPersonaGenerator
{
    /// <summary>Longest model answer echoed back in a repair request.</summary>
    private const int MaxEchoedAnswer = 4000;

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
                if (!json.TryGetPropertyValue(slot.Key, out JsonNode? node) || node is null)
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
                    slots[slot.Key] = new AspectValue(ReviewSampler.Truncate(text, 300), ReviewSampler.Truncate(reason, 600));
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
        var knownIds = records.Select(r => r.ReviewId).ToHashSet(StringComparer.Ordinal);
        return AskAsync<IReadOnlyList<Persona>>("personas", itemId, Prompts.Personas(summary, records, ratings, min, max), _options.PersonaTemperature, ResponseSchemas.Personas,
            json => PersonaValidation.Validate(json, itemId, knownIds, min, max), cancellationToken);
    }

    /// <summary>
    /// One stage call: send, parse, validate; on an unusable answer, tell the model what was wrong
    /// and ask again, up to <see cref="LlmPersonaGeneratorOptions.MaxRepairAttempts"/> times.
    /// </summary>
    private async Task<T> AskAsync<T>(
        string stage, string itemId, string prompt, float temperature, ChatResponseFormat format, Func<JsonObject, (T? Value, string? Error)> validate, CancellationToken cancellationToken)
        where T : class
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, Prompts.System), new(ChatRole.User, prompt) };
        var chatOptions = new ChatOptions { Temperature = temperature, ModelId = _options.ModelId, ResponseFormat = format };
        string reason = "no answer";
        for (int attempt = 0; attempt <= _options.MaxRepairAttempts; attempt++)
        {
            ChatResponse response;
            try
            {
                response = await _resilience.ExecuteAsync(
                    async token => await _client.GetResponseAsync(messages, chatOptions, token).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw new PersonaGenerationException($"Item '{itemId}', stage '{stage}': the LLM call failed ({e.GetType().Name}: {e.Message}).", e);
            }

            string text = response.Text;
            if (StructuredOutput.TryParseObject(text, out JsonObject? json, out string error))
            {
                (T? value, string? problem) = validate(json!);
                if (value is not null)
                {
                    return value;
                }

                error = problem ?? "the answer did not match the requested format";
            }

            reason = error;
            messages.Add(new ChatMessage(ChatRole.Assistant, ReviewSampler.Truncate(text ?? string.Empty, MaxEchoedAnswer)));
            messages.Add(new ChatMessage(ChatRole.User, $"That answer cannot be used: {error}. Answer again with only the JSON object in the requested format."));
        }

        throw new PersonaGenerationException(
            $"Item '{itemId}', stage '{stage}': no usable answer after {_options.MaxRepairAttempts + 1} attempts; last problem: {reason}.");
    }
}
