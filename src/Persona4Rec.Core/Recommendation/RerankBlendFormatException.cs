namespace Persona4Rec;

/// <summary>
/// Thrown when a blend file is not a valid Persona4Rec rerank blend: not JSON of the expected
/// shape, another format or version, another feature set, or values out of range. The message
/// names what was expected and what was found.
/// </summary>
public sealed class RerankBlendFormatException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public RerankBlendFormatException()
        : base("The file is not a valid Persona4Rec rerank blend.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was expected and what was found.</param>
    public RerankBlendFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What was expected and what was found.</param>
    /// <param name="innerException">The underlying cause.</param>
    public RerankBlendFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
