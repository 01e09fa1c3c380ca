using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// The paper's online path: score 20 (or 100) candidates × 7 personas × 384 dimensions for one
/// user, one thread, over a 100,000-item index (1.07 GB of float32 rows, far larger than any
/// cache). <c>Rows = cold</c> takes a new list of random candidates on every call from a pool of
/// pre-drawn lists, so their rows come from DRAM as in production; <c>Rows = hot</c> repeats one
/// list, so after the first call the rows come from the cache. The baseline is the plain loop a
/// first version would write: one <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// per persona row, the max per item. <c>Score</c> by item id runs the same loop after an id lookup.
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

    private PersonaIndex _float32 = null!;
    private PersonaIndex _float16 = null!;
    private PersonaIndex _int8 = null!;
    private float[] _user = null!;
    private float[] _query = null!;
    private int[][] _lists = null!;
    private PersonaMatch[] _matches = null!;
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
        _user = SyntheticIndex.RandomUser(Dimension, seed: 7);
        float norm = TensorPrimitives.Norm(_user);
        _query = _user.Select(v => v / norm).ToArray();
        var random = new Random(11);
        int lists = Rows == "cold" ? PoolSize : 1;
        _lists = Enumerable.Range(0, lists).Select(_ => Enumerable.Range(0, Candidates).Select(_ => random.Next(Items)).ToArray()).ToArray();
        _matches = new PersonaMatch[Candidates];
    }

    [Benchmark(Baseline = true, Description = "plain TensorPrimitives.Dot per row, float32")]
    public float PlainDot()
    {
        int[] list = NextList();
        ReadOnlySpan<float> vectors = _float32.Vectors;
        ReadOnlySpan<int> start = _float32.PersonaStart;
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

    [Benchmark(Description = "ScoreOrdinals float16")]
    public float ScoreOrdinalsFloat16() => ScoreOrdinals(_float16);

    [Benchmark(Description = "ScoreOrdinals int8")]
    public float ScoreOrdinalsInt8() => ScoreOrdinals(_int8);

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
