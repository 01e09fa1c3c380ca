using BenchmarkDotNet.Attributes;
using Persona4Rec.Hnsw;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// What the shape of the data does to approximate search: the same 100,000 personas (7 per item,
/// 384-d) with topics, calibrated to the LLM-free personas of the shared reviews, and uniformly
/// random. Recall@10 of <see cref="HnswPersonaIndex"/> against the exact scan is printed during
/// set-up for 200 users; the timings compare the graph with the exact scan.
/// </summary>
[MedianColumn]
[MemoryDiagnoser]
public class HnswDataShapeBenchmarks
{
    private const int Personas = 100_000;
    private const int PersonasPerItem = 7;
    private const int Dimension = 384;
    private static readonly Dictionary<string, (PersonaIndex Exact, HnswPersonaIndex Hnsw, float[][] Users)> s_catalogues = [];
    private PersonaIndex _exact = null!;
    private HnswPersonaIndex _hnsw = null!;
    private float[] _user = null!;
    private readonly PersonaMatch[] _matches = new PersonaMatch[10];

    public static IEnumerable<CatalogueShape> Shapes => [CatalogueShape.Topical, CatalogueShape.ReviewLike, CatalogueShape.Uniform];

    [ParamsSource(nameof(Shapes))]
    public CatalogueShape Shape { get; set; } = CatalogueShape.Topical;

    [GlobalSetup]
    public void Setup()
    {
        if (!s_catalogues.TryGetValue(Shape.Name, out var cached))
        {
            var catalogue = new ClusteredCatalogue(Personas / PersonasPerItem, PersonasPerItem, Dimension, Shape);
            cached = s_catalogues[Shape.Name] = (catalogue.Index, HnswCache.LoadOrBuild(catalogue.Index, Shape), catalogue.Users(200, seed: 1000));
            HnswRecall recall = cached.Hnsw.MeasureRecall(cached.Users.Select(u => (ReadOnlyMemory<float>)u).ToList(), 10);
            Console.WriteLine($"// {Shape.Name}: recall@10 over {cached.Users.Length} users {recall.Mean:F3} (lowest user {recall.PerUser.Min():F1})");
        }

        (_exact, _hnsw, float[][] users) = cached;
        _user = users[0];
    }

    [Benchmark(Baseline = true, Description = "exact float32 scan")]
    public int Exact() => _exact.Search(_user, _matches);

    [Benchmark(Description = "HNSW (int8 graph, rescored)")]
    public int Hnsw() => _hnsw.Search(_user, _matches);
}
