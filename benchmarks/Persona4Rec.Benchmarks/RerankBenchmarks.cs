using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>The paper's online path: score 20 (or 100) candidates × 7 personas × 384 dimensions for one user, one thread.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class RerankBenchmarks
{
    private const int Dimension = 384;
    private PersonaIndex _index = null!;
    private float[] _user = null!;
    private int[] _ordinals = null!;
    private string[] _ids = null!;
    private PersonaMatch[] _matches = null!;

    [Params(20, 100)]
    public int Candidates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = SyntheticIndex.Create(items: 10_000, personasPerItem: 7, Dimension);
        _user = SyntheticIndex.RandomUser(Dimension, seed: 7);
        var random = new Random(11);
        _ordinals = Enumerable.Range(0, Candidates).Select(_ => random.Next(_index.ItemCount)).ToArray();
        _ids = _ordinals.Select(_index.GetItemId).ToArray();
        _matches = new PersonaMatch[Candidates];
    }

    [Benchmark(Baseline = true, Description = "scalar reference")]
    public float Scalar() => ScalarReference.Rerank(_index, _user, _ordinals);

    [Benchmark(Description = "ScoreOrdinals (SIMD, no allocation)")]
    public float ScoreOrdinals()
    {
        _index.ScoreOrdinals(_user, _ordinals, _matches);
        return _matches[^1].Score;
    }

    [Benchmark(Description = "Score by item id (SIMD)")]
    public float ScoreById() => _index.Score(_user, _ids)[^1].Score;
}
