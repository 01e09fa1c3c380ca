namespace Persona4Rec;

/// <summary>
/// Thrown when an index file is not a valid Persona4Rec index: wrong magic or version, truncated,
/// corrupted (checksum mismatch), or internally inconsistent. The message names what was expected
/// and what was found. This is the only exception <see cref="PersonaIndex.Load(string)"/> throws
/// for bad file content; I/O failures (missing file, no permission) surface as <see cref="IOException"/>
/// or <see cref="UnauthorizedAccessException"/>.
/// </summary>
public sealed class PersonaIndexFormatException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public PersonaIndexFormatException()
        : base("The file is not a valid Persona4Rec index.")
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was expected and what was found.</param>
    public PersonaIndexFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying cause.</summary>
    /// <param name="message">What was expected and what was found.</param>
    /// <param name="innerException">The underlying cause.</param>
    public PersonaIndexFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
