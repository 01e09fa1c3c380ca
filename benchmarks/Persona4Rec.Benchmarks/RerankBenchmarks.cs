using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Persona4Rec.Indexing.Kernels;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// The paper's online path: score 20 (or 100) candidates × 7 personas × 384 dimensions for one
/// user, one thread, over a 100,000-item index (1.07 GB of float32 rows, far larger than any
/// cache). <c>Rows = cold</c> takes a new list of random candidates on every call from a pool of
/// pre-drawn lists, so their rows come from DRAM as in production; <c>Rows = hot</c> repeats one
/// list, so after the first call the rows come from the cache. The baseline is the plain loop a
/// first version would write over its own managed <c>float[]</c> of rows (ordinary 4 KB pages): one
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> per persona row, the
/// max per item. The library's blocks ask Linux for 2 MB pages; "4 KB pages" scores a copy of the
/// float32 index whose vector block did not, to measure what the large-page advice alone does.
/// "floor" is not a rerank: it reads as many float32 rows as the candidates own, but contiguous
/// ones from the first candidate's first row on, one after another, so the hardware prefetchers
/// stream them; cold, that is what the memory system delivers at best for the same bytes, the
/// figure the gathered rerank is measured against.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RerankBenchmarks
{
    private const int Dimension = 384;
    private const int Items = 100_000;

    /// <summary>Pre-drawn candidate lists for the cold case: 8,192 × 20 × 7 rows touch several GB per cycle.</summary>
    private const int PoolSize = 8192;

    // Built once per process: the in-process toolchain runs a global set-up per case, and building
    // 700,000 persona rows three times per case would dominate the run.
    private static PersonaIndex? s_float32;
    private static PersonaIndex? s_float16;
    private static PersonaIndex? s_int8;
    private static PersonaIndex? s_float32SmallPages;
    private static float[]? s_plainRows;

    private PersonaIndex _float32 = null!;
    private PersonaIndex _float16 = null!;
    private PersonaIndex _int8 = null!;
    private PersonaIndex _float32SmallPages = null!;
    private float[] _plainRows = null!;
    private int[] _plainStart = null!;
    private float[] _user = null!;
    private float[] _query = null!;
    private int[][] _lists = null!;
    private PersonaMatch[] _matches = null!;
    private float[] _floorDots = null!;
    private int _next;

    [Params(20, 100)]
    public int Candidates { get; set; }

    /// <summary>Whether each call takes new random candidates (cold: rows from DRAM) or repeats one list (hot: rows in cache).</summary>
    [Params("cold", "hot")]
    public string Rows { get; set; } = "cold";

    [GlobalSetup]
    public void Setup()
    {
        _float32 = s_float32 ??= SyntheticIndex.Create(Items, personasPerItem: 7, Dimension);
        _float16 = s_float16 ??= _float32.WithEncoding(VectorEncoding.Float16);
        _int8 = s_int8 ??= _float32.WithEncoding(VectorEncoding.Int8);
        PersonaIndex source = _float32;
        _float32SmallPages = s_float32SmallPages ??= SyntheticIndex.Create(
            Items,
            personasPerItem: 7,
            Dimension,
            (item, persona, row) => source.Vectors.Slice(((item * 7) + persona) * Dimension, Dimension).CopyTo(row),
            largePages: false);
        _plainRows = s_plainRows ??= _float32.Vectors.ToArray();
        _plainStart = _float32.PersonaStart.ToArray();
        _user = SyntheticIndex.RandomUser(Dimension, seed: 7);
        float norm = TensorPrimitives.Norm(_user);
        _query = _user.Select(v => v / norm).ToArray();
        var random = new Random(11);
        int lists = Rows == "cold" ? PoolSize : 1;
        _lists = Enumerable.Range(0, lists).Select(_ => Enumerable.Range(0, Candidates).Select(_ => random.Next(Items)).ToArray()).ToArray();
        _matches = new PersonaMatch[Candidates];
        _floorDots = new float[Candidates * 7];
    }

    [Benchmark(Baseline = true, Description = "plain TensorPrimitives.Dot per row, float32")]
    public float PlainDot()
    {
        int[] list = NextList();
        ReadOnlySpan<float> vectors = _plainRows;
        ReadOnlySpan<int> start = _plainStart;
        float checksum = 0;
        foreach (int item in list)
        {
            float best = float.NegativeInfinity;
            for (int p = start[item]; p < start[item + 1]; p++)
            {
                best = MathF.Max(best, TensorPrimitives.Dot(_query, vectors.Slice(p * Dimension, Dimension)));
            }

            checksum += best;
        }

        return checksum;
    }

    [Benchmark(Description = "ScoreOrdinals float32")]
    public float ScoreOrdinalsFloat32() => ScoreOrdinals(_float32);

    [Benchmark(Description = "ScoreOrdinals float32, 4 KB pages")]
    public float ScoreOrdinalsFloat32SmallPages() => ScoreOrdinals(_float32SmallPages);

    [Benchmark(Description = "ScoreOrdinals float16")]
    public float ScoreOrdinalsFloat16() => ScoreOrdinals(_float16);

    [Benchmark(Description = "ScoreOrdinals int8")]
    public float ScoreOrdinalsInt8() => ScoreOrdinals(_int8);

    [Benchmark(Description = "floor: as many rows, contiguous, float32")]
    public float ContiguousRowsFloor()
    {
        int[] list = NextList();
        int firstRow = Math.Min(_plainStart[list[0]], _float32.PersonaCount - _floorDots.Length);
        DotRowsKernel.DotRowsStreaming(
            _query, _float32.Vectors.Slice(firstRow * Dimension, _floorDots.Length * Dimension), Dimension, _floorDots);
        return _floorDots[^1];
    }

    private float ScoreOrdinals(PersonaIndex index)
    {
        index.ScoreOrdinals(_user, NextList(), _matches);
        return _matches[^1].Score;
    }

    private int[] NextList()
    {
        int[] list = _lists[_next];
        _next = (_next + 1) % _lists.Length;
        return list;
    }
}
