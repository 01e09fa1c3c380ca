namespace Persona4Rec.Offline;

/// <summary>Settings of <see cref="LlmPersonaGenerator"/>. Defaults follow the paper where it gives one.</summary>
public sealed class LlmPersonaGeneratorOptions
{
    /// <summary>Gets or sets the model id sent with every request, or <see langword="null"/> for the client's default.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the aspect slots to extract. Default: <see cref="AspectSchema.Products"/>.</summary>
    public AspectSchema Schema { get; set; } = AspectSchema.Products;

    /// <summary>Gets or sets the temperature of the item-summary call. Default: 0.3 (paper).</summary>
    public float SummaryTemperature { get; set; } = 0.3f;

    /// <summary>Gets or sets the temperature of the aspect-extraction calls. Default: 0 (paper).</summary>
    public float AspectTemperature { get; set; }

    /// <summary>Gets or sets the temperature of the persona-generation call. Default: 0 (paper).</summary>
    public float PersonaTemperature { get; set; }

    /// <summary>Gets or sets the temperature of the alignment judge. Default: 0.1 (paper).</summary>
    public float JudgeTemperature { get; set; } = 0.1f;

    /// <summary>Gets or sets the fewest personas per item with at least two usable reviews. Default: 2.</summary>
    public int MinPersonas { get; set; } = 2;

    /// <summary>Gets or sets the most personas per item. Default: 7.</summary>
    public int MaxPersonas { get; set; } = 7;

    /// <summary>Gets or sets the share of empty slots above which an aspect record is dropped. Default: 0.75.</summary>
    public double MaxEmptySlotFraction { get; set; } = 0.75;

    /// <summary>
    /// Gets or sets the most reviews of one item that get an aspect call and go into the persona
    /// prompt. Longer items contribute a representative subset (spread over ratings and lengths), not
    /// the first N. Default: 30.
    /// </summary>
    public int MaxReviewsPerItem { get; set; } = 30;

    /// <summary>Gets or sets the most characters of one review sent to the LLM; longer reviews are cut at a word boundary. Default: 2,000.</summary>
    public int MaxReviewCharacters { get; set; } = 2000;

    /// <summary>Gets or sets how often a call whose answer is not what was asked for is retried, with the error explained to the model. Default: 2 (3 attempts).</summary>
    public int MaxRepairAttempts { get; set; } = 2;

    /// <summary>
    /// Gets or sets how often a call that failed with a transient error (timeout, HTTP 408, 429 or
    /// 5xx) is retried with exponential backoff, or after the server's <c>Retry-After</c>. One call
    /// costs at most this + 1 requests, so turn the chat client's own retries off (the tool does:
    /// the OpenAI client's retry policy is set to none) or they multiply. Default: 4 (5 requests).
    /// </summary>
    public int MaxTransientRetries { get; set; } = 4;

    /// <summary>Gets or sets the longest <c>Retry-After</c> that is honoured; a longer one is cut to this. Default: 1 minute.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets the output-token limit sent with every call, or <see langword="null"/> for the
    /// server's default. An answer cut at the limit (finish reason <c>length</c>) is asked again
    /// with twice the limit (at least 4,096), up to <see cref="MaxOutputTokensLimit"/>. Default: <see langword="null"/>.
    /// </summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>Gets or sets the highest output-token limit a cut answer is re-asked with. Default: 16,384.</summary>
    public int MaxOutputTokensLimit { get; set; } = 16_384;

    /// <summary>
    /// Gets or sets whether the JSON schemas are sent as strict (OpenAI structured outputs:
    /// <c>"strict": true</c>), so servers that support it enforce the schema while decoding.
    /// The schemas follow the strict-mode rules. Default: <see langword="true"/>.
    /// </summary>
    public bool StrictJsonSchema { get; set; } = true;

    /// <summary>Gets or sets the first backoff delay; it doubles with jitter. Default: 1 second.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the time limit of one LLM call. Default: 2 minutes.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
