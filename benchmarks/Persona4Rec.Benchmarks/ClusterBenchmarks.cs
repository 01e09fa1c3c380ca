using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Hosting;
using Persona4Rec.Cluster;
using Persona4Rec.Samples.Cluster;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// The cost of distribution: the in-process index against the same index split into 1, 2 or 4
/// shards on a local 2-silo Orleans cluster (127.0.0.1, a client connected through the gateways,
/// all in this process): one request's latency, and throughput with 16 requests in flight.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ClusterBenchmarks
{
    private const int Dimension = 384;
    private const int Concurrent = 16;
    private PersonaIndex _index = null!;
    private float[][] _users = null!;
    private string[] _candidates = null!;
    private string _folder = null!;
    private IHost[] _hosts = [];
    private PersonaClusterIndex _cluster = null!;

    [Params(1, 2, 4)]
    public int Shards { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticIndex.Create(items: 10_000, personasPerItem: 7, Dimension);
        _users = [.. Enumerable.Range(0, Concurrent).Select(i => SyntheticIndex.RandomUser(Dimension, seed: i))];
        var random = new Random(11);
        _candidates = [.. Enumerable.Range(0, 20).Select(_ => _index.GetItemId(random.Next(_index.ItemCount)))];
        _folder = Path.Combine(Path.GetTempPath(), "p4r-cluster-bench-" + Guid.NewGuid().ToString("N"));
        PersonaIndexSharding.Split(_index, Shards, version: 1, Path.Combine(_folder, "v1"));

        int basePort = 21_000 + (Shards * 10);
        IHost silo0 = LocalCluster.StartSiloAsync(0, basePort, _folder).GetAwaiter().GetResult();
        IHost silo1 = LocalCluster.StartSiloAsync(1, basePort, _folder).GetAwaiter().GetResult();
        IHost client = LocalCluster.StartClientAsync(2, basePort).GetAwaiter().GetResult();
        _hosts = [client, silo1, silo0];
        _cluster = new PersonaClusterIndex(client.Client());
        _cluster.RollOutAsync(Path.Combine(_folder, "v1", PersonaShardManifest.FileName)).GetAwaiter().GetResult();

        // Same answers, or the comparison means nothing.
        PersonaClusterResult check = _cluster.SearchAsync(_users[0], 10).GetAwaiter().GetResult();
        if (!check.Items.Select(i => (i.ItemId, i.Score)).SequenceEqual(_index.Search(_users[0], 10).Select(i => (i.ItemId, i.Score))))
        {
            throw new InvalidOperationException("The cluster's top-10 differs from the in-process index's.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IHost host in _hosts)
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [BenchmarkCategory("search top-10, 1 request"), Benchmark(Baseline = true, Description = "in-process Search")]
    public ScoredItem[] LocalSearch() => _index.Search(_users[0], 10);

    [BenchmarkCategory("search top-10, 1 request"), Benchmark(Description = "cluster SearchAsync")]
    public Task<PersonaClusterResult> ClusterSearch() => _cluster.SearchAsync(_users[0], 10);

    [BenchmarkCategory("rerank 20, 1 request"), Benchmark(Baseline = true, Description = "in-process Score")]
    public ScoredItem[] LocalRerank() => _index.Score(_users[0], _candidates);

    [BenchmarkCategory("rerank 20, 1 request"), Benchmark(Description = "cluster ScoreAsync")]
    public Task<PersonaClusterResult> ClusterRerank() => _cluster.ScoreAsync(_users[0], _candidates);

    [BenchmarkCategory("search top-10, 16 in flight"), Benchmark(Baseline = true, OperationsPerInvoke = Concurrent, Description = "in-process Search, 16 tasks")]
    public Task LocalSearchConcurrent() => Task.WhenAll(_users.Select(u => Task.Run(() => _index.Search(u, 10))));

    [BenchmarkCategory("search top-10, 16 in flight"), Benchmark(OperationsPerInvoke = Concurrent, Description = "cluster SearchAsync, 16 in flight")]
    public Task ClusterSearchConcurrent() => Task.WhenAll(_users.Select(u => _cluster.SearchAsync(u, 10)));

    [BenchmarkCategory("rerank 20, 16 in flight"), Benchmark(Baseline = true, OperationsPerInvoke = Concurrent, Description = "in-process Score, 16 tasks")]
    public Task LocalRerankConcurrent() => Task.WhenAll(_users.Select(u => Task.Run(() => _index.Score(u, _candidates))));

    [BenchmarkCategory("rerank 20, 16 in flight"), Benchmark(OperationsPerInvoke = Concurrent, Description = "cluster ScoreAsync, 16 in flight")]
    public Task ClusterRerankConcurrent() => Task.WhenAll(_users.Select(u => _cluster.ScoreAsync(u, _candidates)));
}
