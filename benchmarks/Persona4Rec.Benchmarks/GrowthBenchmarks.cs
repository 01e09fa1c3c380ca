using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// Full-catalogue top-10 as the catalogue grows (10,000 → 1,000,000 personas at 7 per item) and as
/// personas per item grow (1, 3, 7 at 100,000 personas), in each encoding, 384-d, one thread.
/// <c>chart</c> mode of the program draws latency against catalogue size from this class's CSV report.
/// </summary>
[MedianColumn]
public class GrowthBenchmarks
{
    private const int Dimension = 384;
    private PersonaIndex _float32 = null!;
    private PersonaIndex _float16 = null!;
    private PersonaIndex _int8 = null!;
    private float[] _user = null!;
    private PersonaMatch[] _matches = null!;

    public static IEnumerable<Catalogue> Catalogues() =>
    [
        new(10_000, 7),
        new(100_000, 1),
        new(100_000, 3),
        new(100_000, 7),
        new(1_000_000, 7),
    ];

    [ParamsSource(nameof(Catalogues))]
    public Catalogue Case { get; set; } = null!;

    [GlobalSetup]
    public void Setup()
    {
        _float32 = SyntheticIndex.Create(Case.Personas / Case.PersonasPerItem, Case.PersonasPerItem, Dimension);
        _float16 = _float32.WithEncoding(VectorEncoding.Float16);
        _int8 = _float32.WithEncoding(VectorEncoding.Int8);
        _user = SyntheticIndex.RandomUser(Dimension, seed: 3);
        _matches = new PersonaMatch[10];
    }

    [Benchmark(Baseline = true, Description = "float32")]
    public int ScanFloat32() => _float32.Search(_user, _matches);

    [Benchmark(Description = "float16")]
    public int ScanFloat16() => _float16.Search(_user, _matches);

    [Benchmark(Description = "int8")]
    public int ScanInt8() => _int8.Search(_user, _matches);

    /// <summary>A catalogue shape: total personas and personas per item.</summary>
    public sealed record Catalogue(int Personas, int PersonasPerItem)
    {
        public override string ToString() => $"{Personas}x{PersonasPerItem}";
    }
}
