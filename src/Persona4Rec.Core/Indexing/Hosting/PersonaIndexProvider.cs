using Persona4Rec.Indexing.Hosting;

namespace Persona4Rec;

/// <summary>
/// Holds the live <see cref="PersonaIndex"/> of a service and replaces it atomically while queries
/// run. A query takes a <see cref="PersonaIndexLease"/> and keeps using the version it leased; a
/// replaced version is retired (the optional callback runs) only after its last lease ends.
/// </summary>
/// <remarks>
/// <para>
/// Thread safety: every member is safe to call concurrently. <see cref="Lease"/> is lock-free; swaps
/// are serialised. A query sees exactly one version from start to end, never a mix, and a new
/// file is validated completely (<see cref="PersonaIndex.Load(string)"/>) before it replaces anything.
/// </para>
/// <para>
/// Ownership: the provider owns every index given to it or loaded by it. Each is retired exactly
/// once: when it has been replaced (or the provider disposed) and its last lease has ended. Use
/// the retirement callback to release what an index holds beyond managed memory; it runs on the
/// thread that ends the last lease, so it should be quick and should not throw.
/// </para>
/// </remarks>
public sealed class PersonaIndexProvider : IDisposable
{
    private readonly Action<PersonaIndex>? _retired;
    private readonly Lock _gate = new();
    private readonly HashSet<PersonaIndex> _live = new(ReferenceEqualityComparer.Instance);
    private IndexGeneration _current;
    private bool _disposed;

    /// <summary>Creates a provider serving an index as version 1.</summary>
    /// <param name="index">The first index.</param>
    /// <param name="retired">Called once for each index after it was replaced and its last lease ended, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is <see langword="null"/>.</exception>
    public PersonaIndexProvider(PersonaIndex index, Action<PersonaIndex>? retired = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        _retired = retired;
        _live.Add(index);
        _current = new IndexGeneration(index, 1, Retire);
    }

    /// <summary>
    /// Gets the current index, without a lease: fine for a look at its counts or identifiers, but it
    /// may be replaced and retired at any moment. Queries take a <see cref="Lease"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public PersonaIndex Current
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            return Volatile.Read(ref _current).Index;
        }
    }

    /// <summary>Gets the version number of the current index: 1 for the first, one more for each swap.</summary>
    public long Version => Volatile.Read(ref _current).Version;

    /// <summary>Leases the current index for one query or request. Dispose the lease when done.</summary>
    /// <returns>A lease on the current version.</returns>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public PersonaIndexLease Lease()
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            IndexGeneration generation = Volatile.Read(ref _current);
            if (generation.TryAcquire())
            {
                return new PersonaIndexLease(generation);
            }

            // The version was replaced and its last lease ended between the two reads: take the new one.
        }
    }

    /// <summary>
    /// Makes <paramref name="index"/> the current index. Queries already running finish on the
    /// version they leased; new leases get the new one. The replaced index is retired after its last lease.
    /// </summary>
    /// <param name="index">The new index: same dimension, encoder model and template as the current one, and not given to this provider before unless it was retired since.</param>
    /// <returns>The new version number.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="index"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The index was built for another encoder (dimension, model or template differ) — user vectors of the running service would not fit it — or it is already held by this provider.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    public long Swap(PersonaIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        IndexGeneration replaced;
        long version;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            replaced = _current;
            CheckCompatible(replaced.Index, index);
            if (!_live.Add(index))
            {
                throw new ArgumentException("This index instance is already held by the provider (current, or replaced but still leased).", nameof(index));
            }

            version = replaced.Version + 1;
            Volatile.Write(ref _current, new IndexGeneration(index, version, Retire));
        }

        replaced.Release();
        return version;
    }

    /// <summary>
    /// Loads and validates an index file on the thread pool, then swaps it in. A file that is
    /// missing, unreadable or invalid leaves the current index in place.
    /// </summary>
    /// <param name="path">The index file, as written by <see cref="PersonaIndex.Save"/>.</param>
    /// <param name="cancellationToken">Cancels the reload before the file is read; a load in progress runs to its end.</param>
    /// <returns>The new version number.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty, or the file's index was built for another encoder.</exception>
    /// <exception cref="PersonaIndexFormatException">The file is not a valid index.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    /// <exception cref="ObjectDisposedException">The provider was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before loading started.</exception>
    public async Task<long> ReloadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        PersonaIndex index = await Task.Run(() => PersonaIndex.Load(path), cancellationToken).ConfigureAwait(false);
        try
        {
            return Swap(index);
        }
        catch (Exception e) when (e is ArgumentException or ObjectDisposedException)
        {
            // Loaded here and never served: it is retired at once so that its resources are released.
            _retired?.Invoke(index);
            throw;
        }
    }

    /// <summary>
    /// Stops leasing. Leases already open stay valid; the current index is retired when the last of them ends.
    /// </summary>
    public void Dispose()
    {
        IndexGeneration current;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Volatile.Write(ref _disposed, true);
            current = _current;
        }

        current.Release();
    }

    private static void CheckCompatible(PersonaIndex current, PersonaIndex index)
    {
        if (index.Dimension != current.Dimension
            || !string.Equals(index.EncoderModelId, current.EncoderModelId, StringComparison.Ordinal)
            || !string.Equals(index.TemplateId, current.TemplateId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The new index has dimension {index.Dimension}, model '{index.EncoderModelId}' and template '{index.TemplateId}'; "
                + $"the current one has {current.Dimension}, '{current.EncoderModelId}' and '{current.TemplateId}'. "
                + "User vectors are made for one encoder: create a new provider when the encoder changes.",
                nameof(index));
        }
    }

    private void Retire(IndexGeneration generation)
    {
        lock (_gate)
        {
            _live.Remove(generation.Index);
        }

        _retired?.Invoke(generation.Index);
    }
}
