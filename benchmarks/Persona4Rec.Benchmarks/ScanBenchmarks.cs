using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// Exact full-catalogue top-10 over items × 7 personas × 384 dimensions, next to a memory-bandwidth
/// reference that reads the same number of bytes (<c>TensorPrimitives.Sum</c> over the vector block).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ScanBenchmarks
{
    private const int Dimension = 384;
    private PersonaIndex _index = null!;
    private float[] _user = null!;
    private float[] _bandwidthBlock = null!;
    private ReadOnlyMemory<float>[] _users = null!;

    [Params(10_000, 100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticIndex.Create(Items, personasPerItem: 7, Dimension);
        _user = SyntheticIndex.RandomUser(Dimension, seed: 3);
        _bandwidthBlock = _index.Vectors.ToArray();
        _users = Enumerable.Range(0, 4).Select(s => (ReadOnlyMemory<float>)SyntheticIndex.RandomUser(Dimension, 100 + s)).ToArray();
    }

    [Benchmark(Baseline = true, Description = "scalar reference top-10")]
    public int Scalar() => ScalarReference.Search(_index, _user, 10)[0].Item;

    [Benchmark(Description = "bandwidth reference (TensorPrimitives.Sum, same bytes)")]
    public float Bandwidth() => TensorPrimitives.Sum(_bandwidthBlock);

    [Benchmark(Description = "Search top-10 (SIMD, 1 thread)")]
    public string Search() => _index.Search(_user, 10)[0].ItemId;

    [Benchmark(Description = "SearchBatch top-10, 4 users (all cores)")]
    public int SearchBatch4() => _index.SearchBatch(_users, 10).Length;
}
