using BenchmarkDotNet.Attributes;
using Cloud.Unum.USearch;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// The same top-10 items (max over 7 personas per item, 384-d) with this library and with
/// Cloud.Unum.USearch used as a user would: one multi-key HNSW index (several vectors per key,
/// key = item), asking for enough neighbours to cover 10 distinct items. Recall@10 of the
/// HNSW results against the exact top 10 is printed during set-up.
/// </summary>
[MedianColumn]
[MemoryDiagnoser]
public class UsearchBenchmarks
{
    private const int Dimension = 384;
    private const int PersonasPerItem = 7;
    private PersonaIndex _float32 = null!;
    private PersonaIndex _int8 = null!;
    private USearchIndex _hnsw = null!;
    private float[] _user = null!;
    private PersonaMatch[] _matches = null!;

    [Params(100_000)]
    public int Personas { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _float32 = SyntheticIndex.Create(Personas / PersonasPerItem, PersonasPerItem, Dimension);
        _int8 = _float32.WithEncoding(VectorEncoding.Int8);
        _hnsw = new USearchIndex(MetricKind.Cos, ScalarKind.Float32, Dimension, connectivity: 16, expansionAdd: 128, expansionSearch: 64, multi: true);
        var row = new float[Dimension];
        ReadOnlySpan<int> start = _float32.PersonaStart;
        for (int item = 0; item < _float32.ItemCount; item++)
        {
            for (int p = start[item]; p < start[item + 1]; p++)
            {
                _float32.GetPersonaVector(p).CopyTo(row);
                _hnsw.Add((ulong)item, row);
            }
        }

        _user = SyntheticIndex.RandomUser(Dimension, seed: 3);
        _matches = new PersonaMatch[10];
        double recall = 0;
        for (int u = 0; u < 50; u++)
        {
            float[] user = SyntheticIndex.RandomUser(Dimension, 1000 + u);
            var exact = _float32.Search(user, 10).Select(s => _float32.TryGetItemOrdinal(s.ItemId, out int o) ? (ulong)o : 0).ToHashSet();
            recall += HnswTopItems(user).Count(exact.Contains) / 10.0;
        }

        Console.WriteLine($"// USearch HNSW (M=16, ef_add=128, ef_search=64, 70 neighbours → 10 items) recall@10 against exact: {recall / 50:F3} over 50 users");
    }

    [GlobalCleanup]
    public void Cleanup() => _hnsw.Dispose();

    [Benchmark(Baseline = true, Description = "Persona4Rec exact float32")]
    public int ExactFloat32() => _float32.Search(_user, _matches);

    [Benchmark(Description = "Persona4Rec exact-order int8")]
    public int ExactInt8() => _int8.Search(_user, _matches);

    [Benchmark(Description = "USearch HNSW, multi-key, 70 neighbours → 10 items")]
    public int UsearchHnsw() => HnswTopItems(_user).Count;

    private List<ulong> HnswTopItems(float[] user)
    {
        _hnsw.Search(user, 10 * PersonasPerItem, out ulong[] keys, out _);
        var items = new List<ulong>(10);
        foreach (ulong key in keys)
        {
            if (!items.Contains(key))
            {
                items.Add(key);
                if (items.Count == 10)
                {
                    break;
                }
            }
        }

        return items;
    }
}
