using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// Top-10 for 64 users over items × 7 personas × 384-d (float32): one scan per user (the previous
/// SearchBatch) against the blocked scan (four users per pass over the rows), on one and on two
/// cores. Users per second = 64 / the time of one call.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BatchSearchBenchmarks
{
    private const int Dimension = 384;
    private const int Users = 64;
    private PersonaIndex _index = null!;
    private ReadOnlyMemory<float>[] _users = null!;

    /// <summary>14,286 items ≈ 100,000 personas; 142,858 items ≈ 1,000,000 personas.</summary>
    [Params(14_286, 142_858)]
    public int Items { get; set; }

    [Params(1, 2)]
    public int Cores { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticIndex.Create(Items, personasPerItem: 7, Dimension);
        _users = Enumerable.Range(0, Users).Select(s => (ReadOnlyMemory<float>)SyntheticIndex.RandomUser(Dimension, 1000 + s)).ToArray();
    }

    [Benchmark(Baseline = true, Description = "one scan per user (previous SearchBatch)")]
    public int PerUser()
    {
        var results = new ScoredItem[Users][];
        Parallel.For(0, Users, new ParallelOptions { MaxDegreeOfParallelism = Cores }, u => results[u] = _index.Search(_users[u].Span, 10));
        return results.Length;
    }

    [Benchmark(Description = "blocked: 4 users per pass (SearchBatch)")]
    public int Blocked() => _index.SearchBatchCore(_users, 10, null, Cores, CancellationToken.None).Length;
}
