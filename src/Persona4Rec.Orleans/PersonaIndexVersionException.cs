using Orleans;

namespace Persona4Rec.Cluster;

/// <summary>
/// A request named an index version that cannot answer it: never rolled out, retired, or not the
/// version a shard holds. Shards refuse rather than answer from another version.
/// </summary>
[GenerateSerializer]
[Alias("p4r.PersonaIndexVersionException")]
public sealed class PersonaIndexVersionException : Exception
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">Which version was asked for and which are available.</param>
    public PersonaIndexVersionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">Which version was asked for and which are available.</param>
    /// <param name="innerException">The underlying error.</param>
    public PersonaIndexVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with a default message.</summary>
    public PersonaIndexVersionException()
        : this("The requested index version is not available.")
    {
    }
}
