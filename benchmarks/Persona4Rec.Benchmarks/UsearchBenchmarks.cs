using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Cloud.Unum.USearch;
using Persona4Rec.Hnsw;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// Top 10 items (max over 7 personas per item, 384-d) for one user on a clustered catalogue
/// (<see cref="ClusteredCatalogue"/>), side by side: this library's exact scans (float32, int8),
/// its approximate <see cref="HnswPersonaIndex"/> (int8 USearch graph keyed by item, proposals
/// rescored exactly), and USearch used directly as a user would: its HNSW search for 70 persona
/// neighbours deduplicated to 10 items, and its brute-force <c>usearch_exact_search</c> (a C export
/// the .NET binding does not wrap, called here through P/Invoke) for 70 rows. Recall@10 against the
/// exact top 10 is printed during set-up for 200 users.
/// </summary>
/// <remarks>Build the million-persona graph first (<see cref="HnswCache"/>).</remarks>
[MedianColumn]
[MemoryDiagnoser]
public class UsearchBenchmarks
{
    private const int Dimension = 384;
    private const int PersonasPerItem = 7;
    private const int K = 10;

    /// <summary>Catalogue sizes whose recall was printed already (every benchmark method runs its own set-up).</summary>
    private static readonly HashSet<int> s_recallReported = [];

    private static readonly Dictionary<int, (PersonaIndex Float32, PersonaIndex Int8, HnswPersonaIndex Hnsw, float[][] Users)> s_catalogues = [];
    private PersonaIndex _float32 = null!;
    private PersonaIndex _int8 = null!;
    private HnswPersonaIndex _hnsw = null!;
    private float[] _user = null!;
    private PersonaMatch[] _matches = null!;
    private ulong[] _exactKeys = null!;
    private float[] _exactDistances = null!;

    [Params(100_000, 1_000_000)]
    public int Personas { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // In-process runs share one catalogue and graph per size across the benchmark methods:
        // generating a million personas alone takes minutes here.
        (_float32, _int8, _hnsw, float[][] users) = s_catalogues.TryGetValue(Personas, out var cached) ? cached : (s_catalogues[Personas] = Create(Personas));
        _user = users[0];
        _matches = new PersonaMatch[K];
        _exactKeys = new ulong[K * PersonasPerItem];
        _exactDistances = new float[K * PersonasPerItem];
        if (!s_recallReported.Add(Personas))
        {
            return;
        }

        HnswRecall ours = _hnsw.MeasureRecall(users.Select(u => (ReadOnlyMemory<float>)u).ToList(), K);
        double direct = 0;
        double usearchExact = 0;
        foreach (float[] user in users)
        {
            var truth = _float32.Search(user, K).Select(s => _float32.TryGetItemOrdinal(s.ItemId, out int o) ? o : -1).ToHashSet();
            direct += UsearchHnswTopItems(user).Count(truth.Contains) / (double)K;
            UsearchExactRows(user);
            usearchExact += DistinctItems(_exactKeys.Select(row => ItemOfPersona((int)row))).Count(truth.Contains) / (double)K;
        }

        Console.WriteLine(
            $"// recall@10 over {users.Length} users at {Personas:N0} personas: Persona4Rec HNSW {ours.Mean:F3} " +
            $"(neighbours per result {_hnsw.NeighboursPerResult}), USearch HNSW direct {direct / users.Length:F3}, " +
            $"USearch exact {usearchExact / users.Length:F3}; int8 exact-order scan top-10 overlap is in QuantisedScanBenchmarks");
    }

    private static (PersonaIndex Float32, PersonaIndex Int8, HnswPersonaIndex Hnsw, float[][] Users) Create(int personas)
    {
        var catalogue = new ClusteredCatalogue(personas / PersonasPerItem, PersonasPerItem, Dimension, CatalogueShape.Topical);
        return (catalogue.Index, catalogue.Index.WithEncoding(VectorEncoding.Int8), HnswCache.LoadOrBuild(catalogue.Index, CatalogueShape.Topical), catalogue.Users(200, seed: 1000));
    }

    [Benchmark(Baseline = true, Description = "Persona4Rec exact float32 scan")]
    public int ExactFloat32() => _float32.Search(_user, _matches);

    [Benchmark(Description = "Persona4Rec exact-order int8 scan")]
    public int ExactInt8() => _int8.Search(_user, _matches);

    [Benchmark(Description = "Persona4Rec HNSW (int8 graph, rescored)")]
    public int PersonaHnsw() => _hnsw.Search(_user, _matches);

    [Benchmark(Description = "USearch HNSW direct, 70 neighbours → 10 items")]
    public int UsearchHnsw() => UsearchHnswTopItems(_user).Count;

    [Benchmark(Description = "USearch exact (brute force, 1 thread), 70 rows")]
    public int UsearchExact() => UsearchExactRows(_user);

    /// <summary>The first 10 distinct items among USearch's 70 nearest personas, as a user of USearch alone would rank them.</summary>
    private List<int> UsearchHnswTopItems(float[] user)
    {
        _hnsw.Graph.Search(user, K * PersonasPerItem, out ulong[] keys, out _);
        return DistinctItems(keys.Select(k => (int)k));
    }

    private static List<int> DistinctItems(IEnumerable<int> items)
    {
        var distinct = new List<int>(K);
        foreach (int item in items)
        {
            if (!distinct.Contains(item))
            {
                distinct.Add(item);
                if (distinct.Count == K)
                {
                    break;
                }
            }
        }

        return distinct;
    }

    private int ItemOfPersona(int persona)
    {
        int found = _float32.PersonaStart.BinarySearch(persona);
        return found >= 0 ? found : ~found - 1;
    }

    private unsafe int UsearchExactRows(float[] user)
    {
        ReadOnlySpan<float> vectors = _float32.Vectors;
        nint error = 0;
        fixed (float* dataset = vectors)
        fixed (float* query = user)
        fixed (ulong* keys = _exactKeys)
        fixed (float* distances = _exactDistances)
        {
            UsearchNative.ExactSearch(
                dataset, (nuint)_float32.PersonaCount, Dimension * sizeof(float),
                query, 1, Dimension * sizeof(float),
                (uint)ScalarKind.Float32, Dimension, (uint)MetricKind.Cos, (nuint)_exactKeys.Length, 1,
                keys, (nuint)(_exactKeys.Length * sizeof(ulong)), distances, (nuint)(_exactDistances.Length * sizeof(float)), &error);
        }

        return error == 0 ? _exactKeys.Length : throw new InvalidOperationException(Marshal.PtrToStringUTF8(error));
    }

    private static unsafe class UsearchNative
    {
        [DllImport("libusearch_c", EntryPoint = "usearch_exact_search")]
        public static extern void ExactSearch(
            void* dataset, nuint datasetCount, nuint datasetStride,
            void* queries, nuint queriesCount, nuint queriesStride,
            uint scalarKind, nuint dimensions, uint metricKind, nuint count, nuint threads,
            ulong* keys, nuint keysStride, float* distances, nuint distancesStride, nint* error);
    }
}
