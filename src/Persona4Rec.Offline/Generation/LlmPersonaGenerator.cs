using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Persona4Rec.Offline.Generation;
using Polly;

namespace Persona4Rec.Offline;

/// <summary>
/// Writes an item's personas with an LLM, in the method's stages, one call each: a neutral item
/// summary, aspect extraction per review (records with too many empty slots are dropped), and
/// persona generation from the aspect records. <see cref="JudgeAsync"/> is the fourth stage: it
/// labels a training interaction with the persona that best explains it.
/// </summary>
/// <remarks>
/// <para>
/// Every answer is parsed and validated (counts, fields, review ids). An answer that is not what
/// was asked for — code-fenced, wrapped in prose, truncated, the wrong number of personas, a
/// missing field — is repaired where that is safe (fences and prose are stripped, persona ids are
/// renumbered, review ids the item does not have are dropped) and otherwise sent back to the
/// model with the reason, a bounded number of times; then the item fails with
/// <see cref="PersonaGenerationException"/>. Transient errors (timeouts, HTTP 408/429/5xx) are retried
/// with exponential backoff or after the server's <c>Retry-After</c> (Polly), at most
/// <see cref="LlmPersonaGeneratorOptions.MaxTransientRetries"/> + 1 requests per call; an answer cut
/// at the output-token limit is asked again with a larger limit. A refused key, permission, model or
/// address (HTTP 401/403/404) throws <see cref="LlmAccessException"/> at once.
/// </para>
/// <para>Thread safety: safe for concurrent calls if the chat client is (the usual clients are).</para>
/// </remarks>
public sealed partial class LlmPersonaGenerator : IPersonaGenerator
{
    private readonly IChatClient _client;
    private readonly LlmPersonaGeneratorOptions _options;
    private readonly ResiliencePipeline _resilience;
    private readonly ChatResponseFormat _aspectFormat;
    private readonly UsageCounters _usage = new();

    /// <summary>Set once the server refused JSON-schema output (HTTP 400): later calls ask for JSON mode with the schema in the prompt.</summary>
    private volatile bool _jsonMode;

    /// <summary>Creates a generator over a chat client.</summary>
    /// <param name="client">Any <see cref="IChatClient"/>: OpenAI-compatible servers, Azure OpenAI, Ollama.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for backoff and timeouts (tests pass a fake one), or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public LlmPersonaGenerator(IChatClient client, LlmPersonaGeneratorOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _options = options ?? new LlmPersonaGeneratorOptions();
        Validate(_options);
        _client = client;
        _resilience = TransientFaults.Create(_options.MaxTransientRetries, _options.InitialBackoff, _options.CallTimeout, timeProvider, _options.MaxRetryAfter);
        _aspectFormat = ResponseSchemas.Aspects(_options.Schema);
    }

    /// <inheritdoc/>
    /// <exception cref="PersonaGenerationException">A stage kept failing; the message names the stage and the reason.</exception>
    public async Task<ItemPersonas> GenerateAsync(
        ItemInfo item,
        IReadOnlyList<Review> reviews,
        IProgress<PersonaGenerationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        GeneratorInput.Validate(item, reviews);
        IReadOnlyList<Review> selected = ReviewSampler.SelectRepresentative(reviews, _options.MaxReviewsPerItem);
        int stepsTotal = selected.Count + 2;

        progress?.Report(new PersonaGenerationProgress(item.ItemId, "summary", 0, stepsTotal));
        string? summary = await SummarizeAsync(item, cancellationToken).ConfigureAwait(false);

        var records = new List<AspectRecord>();
        for (int i = 0; i < selected.Count; i++)
        {
            progress?.Report(new PersonaGenerationProgress(item.ItemId, "aspects", i + 1, stepsTotal));
            AspectRecord record = await ExtractAspectsAsync(item.ItemId, selected[i], cancellationToken).ConfigureAwait(false);
            if (record.EmptyFraction <= _options.MaxEmptySlotFraction)
            {
                records.Add(record);
            }
        }

        if (records.Count == 0 && selected.Count > 0)
        {
            // Nothing grounds a persona: a failure with its reason (retried by the next run), never "done" with none.
            throw new PersonaGenerationException(
                $"Item '{item.ItemId}': none of the {selected.Count} aspect answers had enough content (each left more than {_options.MaxEmptySlotFraction:P0} of the slots empty), so no persona can be grounded in a review.");
        }

        progress?.Report(new PersonaGenerationProgress(item.ItemId, "personas", stepsTotal - 1, stepsTotal));
        if (records.Count == 0)
        {
            // An item without reviews: its summary stands in, as the method prescribes.
            progress?.Report(new PersonaGenerationProgress(item.ItemId, "done", stepsTotal, stepsTotal));
            return GeneratorInput.WithoutReviewPersonas(item, summary, "it has no reviews", records);
        }

        IReadOnlyList<Persona> personas = await WritePersonasAsync(item.ItemId, summary, records, selected, cancellationToken).ConfigureAwait(false);
        progress?.Report(new PersonaGenerationProgress(item.ItemId, "done", stepsTotal, stepsTotal));
        return new ItemPersonas(item.ItemId, summary, personas, records);
    }

    /// <summary>Gets what this generator has spent so far: requests, retries, re-asks, local repairs and tokens. Thread-safe.</summary>
    public LlmUsage Usage => _usage.Snapshot(_jsonMode);

    /// <summary>
    /// The alignment judge: picks the persona that best explains why a user chose an item. Use it
    /// only for training interactions; labels from validation or test interactions leak the answer.
    /// </summary>
    /// <param name="userProfile">Text describing the user's history before the interaction (for example the rendered aspects of their earlier interactions).</param>
    /// <param name="personas">The item's personas.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chosen persona's id.</returns>
    /// <exception cref="ArgumentException"><paramref name="personas"/> is empty.</exception>
    /// <exception cref="PersonaGenerationException">The model kept answering with something other than one of the persona ids.</exception>
    public async Task<string> JudgeAsync(string userProfile, IReadOnlyList<Persona> personas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userProfile);
        ArgumentNullException.ThrowIfNull(personas);
        if (personas.Count == 0)
        {
            throw new ArgumentException("There are no personas to choose from.", nameof(personas));
        }

        if (personas.Count == 1)
        {
            return personas[0].PersonaId;
        }

        var ids = personas.Select(p => p.PersonaId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return await AskAsync<string>(
            "judge",
            personas[0].ItemId,
            Prompts.Judge(userProfile, personas),
            _options.JudgeTemperature,
            ResponseSchemas.Judge,
            json =>
            {
                string? id = StructuredOutput.GetString(json, "personaId")?.Trim();
                return id is not null && ids.TryGetValue(id, out string? canonical)
                    ? (canonical, null)
                    : (null, $"\"personaId\" must be one of {string.Join(", ", ids)}");
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static void Validate(LlmPersonaGeneratorOptions o)
    {
        ArgumentNullException.ThrowIfNull(o.Schema);
        if (o.Schema.Slots is null || o.Schema.Slots.Count == 0 || o.Schema.Slots.Select(s => s.Key).Distinct(StringComparer.Ordinal).Count() != o.Schema.Slots.Count)
        {
            throw new ArgumentException("Schema must have at least one slot, with distinct keys.", nameof(o));
        }

        if (o.MinPersonas < 1 || o.MaxPersonas < o.MinPersonas || o.MaxPersonas > PersonaIndexLimits.MaxPersonasPerItem)
        {
            throw new ArgumentException($"MinPersonas ({o.MinPersonas}) and MaxPersonas ({o.MaxPersonas}) must satisfy 1 ≤ min ≤ max ≤ {PersonaIndexLimits.MaxPersonasPerItem}.", nameof(o));
        }

        if (o.MaxReviewsPerItem < 1 || o.MaxReviewCharacters < 100 || o.MaxRepairAttempts < 0 || o.MaxTransientRetries < 0)
        {
            throw new ArgumentException("MaxReviewsPerItem must be ≥ 1, MaxReviewCharacters ≥ 100, and the retry counts ≥ 0.", nameof(o));
        }

        if (o.MaxOutputTokens is < 16 || o.MaxOutputTokensLimit < (o.MaxOutputTokens ?? 16) || o.MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentException(
                $"MaxOutputTokens ({o.MaxOutputTokens}) must be null or ≥ 16, MaxOutputTokensLimit ({o.MaxOutputTokensLimit}) at least that, and MaxRetryAfter ({o.MaxRetryAfter}) ≥ 0.", nameof(o));
        }

        if (o.MaxEmptySlotFraction is < 0 or > 1)
        {
            throw new ArgumentException($"MaxEmptySlotFraction is {o.MaxEmptySlotFraction}; it must be in [0, 1].", nameof(o));
        }
    }
}
