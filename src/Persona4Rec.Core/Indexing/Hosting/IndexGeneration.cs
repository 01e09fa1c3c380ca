namespace Persona4Rec.Indexing.Hosting;

/// <summary>
/// One version of the live index inside a <see cref="PersonaIndexProvider"/>, reference-counted:
/// the provider holds one reference while the version is current and every open lease holds one.
/// When the count reaches zero the version is retired, exactly once, and can never be leased again.
/// </summary>
internal sealed class IndexGeneration
{
    private readonly Action<IndexGeneration> _retire;
    private int _references = 1;

    public IndexGeneration(PersonaIndex index, long version, Action<IndexGeneration> retire)
    {
        Index = index;
        Version = version;
        _retire = retire;
    }

    public PersonaIndex Index { get; }

    public long Version { get; }

    /// <summary>Takes a reference unless the count already reached zero (the version is retired or retiring).</summary>
    public bool TryAcquire()
    {
        int seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            int previous = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }

        return false;
    }

    /// <summary>Drops a reference; the caller that drops the last one retires the version.</summary>
    public void Release()
    {
        int left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            _retire(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("An index version was released more often than it was acquired.");
        }
    }
}
