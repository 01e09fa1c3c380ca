using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// Exact full-catalogue top-10 over items × 7 personas × 384-d in each vector encoding, side by
/// side with the naive scalar baseline and two memory-bandwidth references that read as many bytes
/// as the float32 and the int8 scans (<c>TensorPrimitives.Sum</c>).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class QuantisedScanBenchmarks
{
    private const int Dimension = 384;
    private PersonaIndex _float32 = null!;
    private PersonaIndex _float16 = null!;
    private PersonaIndex _int8 = null!;
    private float[] _user = null!;
    private float[] _float32Bytes = null!;
    private float[] _int8Bytes = null!;
    private SearchOptions _rescore = null!;
    private PersonaMatch[] _matches = null!;

    [Params(10_000, 100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _float32 = SyntheticIndex.Create(Items, personasPerItem: 7, Dimension);
        _float16 = _float32.WithEncoding(VectorEncoding.Float16);
        _int8 = _float32.WithEncoding(VectorEncoding.Int8, keepExactVectors: true);
        _user = SyntheticIndex.RandomUser(Dimension, seed: 3);
        _float32Bytes = _float32.Vectors.ToArray();
        _int8Bytes = new float[((long)_float32.PersonaCount * (Dimension + 4) / 4)];
        // Zeros: only the number of bytes read matters.
        _rescore = new SearchOptions { ExactRescoreCount = 40 };
        _matches = new PersonaMatch[10];
    }

    [Benchmark(Baseline = true, Description = "naive scalar top-10 (float32)")]
    public int Scalar() => ScalarReference.Search(_float32, _user, 10)[0].Item;

    [Benchmark(Description = "bandwidth reference, float32 bytes")]
    public float BandwidthFloat32() => TensorPrimitives.Sum(_float32Bytes);

    [Benchmark(Description = "bandwidth reference, int8 bytes")]
    public float BandwidthInt8() => TensorPrimitives.Sum(_int8Bytes);

    [Benchmark(Description = "Search float32")]
    public string SearchFloat32() => _float32.Search(_user, 10)[0].ItemId;

    [Benchmark(Description = "Search float16")]
    public string SearchFloat16() => _float16.Search(_user, 10)[0].ItemId;

    [Benchmark(Description = "Search int8")]
    public string SearchInt8() => _int8.Search(_user, 10)[0].ItemId;

    [Benchmark(Description = "Search int8 + float32 rescoring of 40")]
    public string SearchInt8Rescored() => _int8.Search(_user, 10, _rescore)[0].ItemId;

    [Benchmark(Description = "Search float32 into a buffer")]
    public int SearchFloat32IntoBuffer() => _float32.Search(_user, _matches);

    [Benchmark(Description = "Search int8 + rescoring of 40 into a buffer")]
    public int SearchInt8RescoredIntoBuffer() => _int8.Search(_user, _matches, _rescore);
}
