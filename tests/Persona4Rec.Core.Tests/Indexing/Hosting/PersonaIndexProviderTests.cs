using Persona4Rec.Tests.Support;

namespace Persona4Rec.Tests.Indexing.Hosting;

public sealed class PersonaIndexProviderTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly List<PersonaIndex> _retired = [];

    public void Dispose() => _temp.Dispose();

    /// <summary>The usage shown in docs/reliability.md.</summary>
    [Fact]
    public async Task ServiceUsage_LeasePerRequest_ReloadAfterSave()
    {
        string path = _temp.File("catalogue.p4r");
        PrefixedIndexes.Build('A').Save(path);
        float[] userVector = TestIndexes.RandomVector(new Random(1), PrefixedIndexes.Dimension);
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        PersonaIndex rebuilt = PrefixedIndexes.Build('B');

        // At startup: the provider owns the index from now on.
        using var provider = new PersonaIndexProvider(PersonaIndex.Load(path));

        // Per request: one lease, and every call of the request on the version it leased.
        ScoredItem[] top;
        using (PersonaIndexLease lease = provider.Lease())
        {
            top = lease.Index.Search(userVector, 10);
            IReadOnlyList<Persona> explanation = lease.Index.GetPersonas(top[0].ItemId);
        }

        // Offline, a new index is saved over the file (atomically); the service validates it, then swaps it in.
        rebuilt.Save(path);
        long version = await provider.ReloadAsync(path, cancellationToken);

        Assert.Equal(2, version);
        Assert.StartsWith("A-", top[0].ItemId, StringComparison.Ordinal);
        Assert.Equal('B', PrefixedIndexes.TagOf(provider.Current));
    }

    [Fact]
    public void Lease_HeldAcrossSwaps_KeepsItsVersionUntilDisposed()
    {
        PersonaIndex first = PrefixedIndexes.Build('A');
        using var provider = new PersonaIndexProvider(first, _retired.Add);
        PersonaIndexLease lease = provider.Lease();

        for (char tag = 'B'; tag <= 'E'; tag++)
        {
            provider.Swap(PrefixedIndexes.Build(tag));
        }

        Assert.Equal(5, provider.Version);
        Assert.Equal('E', PrefixedIndexes.TagOf(provider.Current));
        Assert.Same(first, lease.Index);
        Assert.Equal(1, lease.Version);
        Assert.Equal(['B', 'C', 'D'], _retired.Select(PrefixedIndexes.TagOf));

        lease.Dispose();
        Assert.Same(first, _retired[^1]);
        Assert.Throws<ObjectDisposedException>(() => lease.Index);
        lease.Dispose();
        Assert.Equal(4, _retired.Count);
    }

    [Fact]
    public void Swap_IncompatibleIndex_ThrowsAndKeepsCurrent()
    {
        PersonaIndex first = PrefixedIndexes.Build('A');
        using var provider = new PersonaIndexProvider(first, _retired.Add);
        var error = Assert.Throws<ArgumentException>(() => provider.Swap(PrefixedIndexes.Build('B', dimension: 8)));

        Assert.Contains("dimension 8", error.Message, StringComparison.Ordinal);
        Assert.Same(first, provider.Current);
        Assert.Equal(1, provider.Version);
        Assert.Empty(_retired);
    }

    [Fact]
    public void Swap_IndexStillHeld_Throws()
    {
        PersonaIndex first = PrefixedIndexes.Build('A');
        using var provider = new PersonaIndexProvider(first, _retired.Add);
        Assert.Throws<ArgumentException>(() => provider.Swap(first));

        using PersonaIndexLease lease = provider.Lease();
        provider.Swap(PrefixedIndexes.Build('B'));
        Assert.Throws<ArgumentException>(() => provider.Swap(first));
    }

    [Fact]
    public void Swap_RetiredIndex_CanComeBack()
    {
        PersonaIndex first = PrefixedIndexes.Build('A');
        using var provider = new PersonaIndexProvider(first, _retired.Add);
        provider.Swap(PrefixedIndexes.Build('B'));

        Assert.Equal(3, provider.Swap(first));
        Assert.Same(first, provider.Current);
    }

    [Fact]
    public async Task ReloadAsync_ValidFile_SwapsIn()
    {
        string path = _temp.File("b.p4r");
        PrefixedIndexes.Build('B').Save(path);
        using var provider = new PersonaIndexProvider(PrefixedIndexes.Build('A'), _retired.Add);

        long version = await provider.ReloadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(2, version);
        Assert.Equal('B', PrefixedIndexes.TagOf(provider.Current));
        Assert.Equal('A', PrefixedIndexes.TagOf(Assert.Single(_retired)));
    }

    [Fact]
    public async Task ReloadAsync_CorruptOrMissingFile_ThrowsAndKeepsCurrent()
    {
        string path = _temp.File("b.p4r");
        PrefixedIndexes.Build('B').Save(path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        PersonaIndex first = PrefixedIndexes.Build('A');
        using var provider = new PersonaIndexProvider(first, _retired.Add);

        await Assert.ThrowsAsync<PersonaIndexFormatException>(() => provider.ReloadAsync(path, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<FileNotFoundException>(() => provider.ReloadAsync(_temp.File("missing.p4r"), TestContext.Current.CancellationToken));

        Assert.Same(first, provider.Current);
        Assert.Equal(1, provider.Version);
        Assert.Empty(_retired);
    }

    [Fact]
    public async Task ReloadAsync_IncompatibleFile_RetiresTheLoadedIndex()
    {
        string path = _temp.File("b.p4r");
        PrefixedIndexes.Build('B', dimension: 8).Save(path);
        using var provider = new PersonaIndexProvider(PrefixedIndexes.Build('A'), _retired.Add);

        await Assert.ThrowsAsync<ArgumentException>(() => provider.ReloadAsync(path, TestContext.Current.CancellationToken));

        Assert.Equal('B', PrefixedIndexes.TagOf(Assert.Single(_retired)));
        Assert.Equal('A', PrefixedIndexes.TagOf(provider.Current));
    }

    [Fact]
    public void Dispose_WithOpenLease_RetiresWhenTheLeaseEnds()
    {
        var provider = new PersonaIndexProvider(PrefixedIndexes.Build('A'), _retired.Add);
        PersonaIndexLease lease = provider.Lease();

        provider.Dispose();
        provider.Dispose();

        Assert.Empty(_retired);
        Assert.Equal('A', PrefixedIndexes.TagOf(lease.Index));
        Assert.Throws<ObjectDisposedException>(() => provider.Lease());
        Assert.Throws<ObjectDisposedException>(() => provider.Current);
        Assert.Throws<ObjectDisposedException>(() => provider.Swap(PrefixedIndexes.Build('B')));
        lease.Dispose();
        Assert.Single(_retired);
    }
}
