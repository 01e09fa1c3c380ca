namespace Persona4Rec.Offline;

/// <summary>
/// What an <see cref="LlmPersonaGenerator"/> has spent so far (<see cref="LlmPersonaGenerator.Usage"/>):
/// requests, and why there were more than one per call, and the tokens the server reported. Every
/// extra request costs money on a paid service; these are the numbers to watch.
/// </summary>
public sealed record LlmUsage
{
    /// <summary>Gets the stage calls made (summary, one per review for aspects, personas, judge).</summary>
    public long Calls { get; init; }

    /// <summary>Gets the HTTP requests sent, retries and re-asks included.</summary>
    public long Requests { get; init; }

    /// <summary>Gets the requests that repeated one after a transient failure (timeout, HTTP 408, 429, 5xx).</summary>
    public long TransientRetries { get; init; }

    /// <summary>Gets the re-asks after an unusable answer (not JSON, a missing field, too few valid personas).</summary>
    public long Repairs { get; init; }

    /// <summary>Gets the re-asks with a larger output-token limit after an answer was cut (finish reason <c>length</c>).</summary>
    public long LengthRetries { get; init; }

    /// <summary>Gets the personas dropped because the model wrote more than asked (the best-supported were kept).</summary>
    public long TrimmedPersonas { get; init; }

    /// <summary>Gets the personas dropped locally as invalid or near-duplicate while enough valid ones remained (no re-ask).</summary>
    public long DroppedPersonas { get; init; }

    /// <summary>Gets the input (prompt) tokens the server reported.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the output tokens the server reported.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets a value indicating whether the server refused JSON-schema output and the generator switched to JSON mode with the schema in the prompt.</summary>
    public bool JsonModeFallback { get; init; }
}
