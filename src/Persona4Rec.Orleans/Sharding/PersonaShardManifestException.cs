using Orleans;

namespace Persona4Rec.Cluster;

/// <summary>
/// A sharded index is inconsistent: a manifest that cannot be read, a shard count or shard file
/// that does not match the manifest, a checksum mismatch. The message says what was expected and
/// what was found.
/// </summary>
[GenerateSerializer]
[Alias("p4r.PersonaShardManifestException")]
public sealed class PersonaShardManifestException : Exception
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was expected and what was found.</param>
    public PersonaShardManifestException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">What was expected and what was found.</param>
    /// <param name="innerException">The underlying error.</param>
    public PersonaShardManifestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance with a default message.</summary>
    public PersonaShardManifestException()
        : this("The sharded index is inconsistent.")
    {
    }
}
