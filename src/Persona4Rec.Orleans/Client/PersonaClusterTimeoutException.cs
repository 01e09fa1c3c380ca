namespace Persona4Rec.Cluster;

/// <summary>
/// A request to the sharded index did not complete within
/// <see cref="PersonaClusterOptions.RequestTimeout"/>, retries included: typically a silo died and
/// its shards had not been reactivated elsewhere in time. The inner exception is the last error seen.
/// </summary>
public sealed class PersonaClusterTimeoutException : TimeoutException
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">Which request, version and shards timed out.</param>
    public PersonaClusterTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the last error.</summary>
    /// <param name="message">Which request, version and shards timed out.</param>
    /// <param name="innerException">The last error seen before the deadline, or <see langword="null"/>.</param>
    public PersonaClusterTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with a default message.</summary>
    public PersonaClusterTimeoutException()
        : this("The sharded index did not answer in time.")
    {
    }
}
