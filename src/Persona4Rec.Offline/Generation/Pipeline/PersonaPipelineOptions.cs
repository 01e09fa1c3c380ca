namespace Persona4Rec.Offline;

/// <summary>Settings of <see cref="PersonaPipeline"/>.</summary>
public sealed class PersonaPipelineOptions
{
    /// <summary>Gets or sets the checkpoint file (JSON lines); created if missing, appended to otherwise. Required.</summary>
    public string CheckpointPath { get; set; } = string.Empty;

    /// <summary>Gets or sets how many items are generated at once. Default: 4 (an LLM server's usual rate limits; 1–2 for a local model).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Gets or sets how often an item that failed with a transient error (timeout, HTTP 429/5xx) is retried with exponential backoff. Default: 3.</summary>
    public int MaxTransientRetries { get; set; } = 3;

    /// <summary>Gets or sets the first backoff delay; it doubles with jitter. Default: 2 seconds.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the time limit for one item. Default: 30 minutes.</summary>
    public TimeSpan ItemTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Gets or sets a label of the generator and its settings, part of every item's input hash:
    /// change it when you change the generator, and every item is generated again. Default: <c>v1</c>.
    /// </summary>
    public string GeneratorVersion { get; set; } = "v1";
}
