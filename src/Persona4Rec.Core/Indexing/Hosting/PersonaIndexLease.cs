using Persona4Rec.Indexing.Hosting;

namespace Persona4Rec;

/// <summary>
/// A hold on one version of the index of a <see cref="PersonaIndexProvider"/>: while the lease is
/// open, that version stays usable even if the provider swaps in another. Dispose it when the
/// request is done; the old version is retired once its last lease is disposed.
/// </summary>
/// <remarks>
/// Take one lease per request and use <see cref="Index"/> for every call of that request, so that
/// scores, personas and explanations all come from the same version. A lease is meant for one
/// request at a time; disposing it more than once is harmless.
/// </remarks>
public sealed class PersonaIndexLease : IDisposable
{
    private IndexGeneration? _generation;

    internal PersonaIndexLease(IndexGeneration generation)
    {
        _generation = generation;
        Version = generation.Version;
    }

    /// <summary>Gets the leased index.</summary>
    /// <exception cref="ObjectDisposedException">The lease was disposed: the index may already be retired.</exception>
    public PersonaIndex Index
    {
        get
        {
            IndexGeneration? generation = Volatile.Read(ref _generation);
            ObjectDisposedException.ThrowIf(generation is null, this);
            return generation.Index;
        }
    }

    /// <summary>Gets the provider's version number of the leased index (1 for the first index, +1 per swap).</summary>
    public long Version { get; }

    /// <summary>Ends the lease. The last lease of a replaced version retires it.</summary>
    public void Dispose() => Interlocked.Exchange(ref _generation, null)?.Release();
}
