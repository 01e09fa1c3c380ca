namespace Persona4Rec.Offline;

/// <summary>
/// Thrown when the personas of one item could not be generated, for example because the LLM kept
/// returning output that is not what was asked for. The message gives the reason (never review
/// text); a pipeline records it as a per-item failure and goes on with the next item.
/// </summary>
public sealed class PersonaGenerationException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public PersonaGenerationException()
    {
    }

    /// <summary>Initializes a new instance with a reason.</summary>
    /// <param name="message">The reason.</param>
    public PersonaGenerationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a reason and the underlying cause.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public PersonaGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
