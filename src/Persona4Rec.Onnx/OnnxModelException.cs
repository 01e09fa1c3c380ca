namespace Persona4Rec.Onnx;

/// <summary>
/// Thrown when an embedding model or its vocabulary cannot be found or loaded, or the chosen execution
/// provider's native library is missing; the message names the file or package and what was wrong.
/// </summary>
public sealed class OnnxModelException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public OnnxModelException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public OnnxModelException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
