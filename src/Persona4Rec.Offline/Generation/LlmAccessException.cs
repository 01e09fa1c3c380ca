namespace Persona4Rec.Offline;

/// <summary>
/// Thrown when the LLM service refuses a call for a reason that no retry and no other item can
/// fix: a missing or wrong API key (HTTP 401), a key without permission (403), or a model or
/// endpoint path the server does not know (404). Unlike <see cref="PersonaGenerationException"/>
/// it is not a per-item failure: <see cref="PersonaPipeline"/> stops the run at once and records
/// nothing in the checkpoint.
/// </summary>
public sealed class LlmAccessException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public LlmAccessException()
    {
    }

    /// <summary>Initializes a new instance with a reason.</summary>
    /// <param name="message">The reason.</param>
    public LlmAccessException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a reason and the underlying cause.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public LlmAccessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with a reason, the HTTP status the server answered and the underlying cause.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="statusCode">The HTTP status (401, 403 or 404).</param>
    /// <param name="innerException">The cause.</param>
    public LlmAccessException(string message, int statusCode, Exception innerException)
        : base(message, innerException) => StatusCode = statusCode;

    /// <summary>Gets the HTTP status the server answered, when known.</summary>
    public int? StatusCode { get; }
}
