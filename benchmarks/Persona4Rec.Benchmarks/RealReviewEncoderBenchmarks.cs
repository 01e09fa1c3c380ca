using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using Persona4Rec.Offline;
using Persona4Rec.Onnx;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// The local encoder on 128 real reviews of mixed length (a seeded sample of the shared
/// Amazon musical-instruments reviews, read with <see cref="ReviewFileReader"/>), in one call of
/// batches of 32. Texts per second = 128 / mean. "Before" is the generator without length
/// bucketing (batches in the caller's order, each padded to its longest text); "after" sorts the
/// texts by token count first. Beside each, the bare ONNX Runtime probe runs the same padded
/// batches (pre-tokenised, nothing else), so the table shows what bucketing saves and what the
/// generator adds to the model itself.
/// </summary>
[MedianColumn]
public class RealReviewEncoderBenchmarks
{
    private OnnxEmbeddingGenerator _bucketed = null!;
    private OnnxEmbeddingGenerator _callerOrder = null!;
    private InferenceSession _session = null!;
    private string[] _texts = null!;
    private PaddedBatch[] _callerOrderBatches = null!;
    private PaddedBatch[] _sortedBatches = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_texts, _callerOrderBatches, _sortedBatches) = RealReviews.Load();
        _bucketed = new OnnxEmbeddingGenerator();
        _callerOrder = new OnnxEmbeddingGenerator(new OnnxEmbeddingGeneratorOptions { LengthBucketing = false });
        _session = RealReviews.Session(new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bucketed.Dispose();
        _callerOrder.Dispose();
        _session.Dispose();
    }

    [Benchmark(Baseline = true, Description = "bare InferenceSession.Run, batches in caller order")]
    public int BareCallerOrder() => _callerOrderBatches.Sum(b => b.Run(_session));

    [Benchmark(Description = "bare InferenceSession.Run, length-sorted batches")]
    public int BareSorted() => _sortedBatches.Sum(b => b.Run(_session));

    [Benchmark(Description = "GenerateAsync, no length bucketing (before)")]
    public int GenerateCallerOrder() => _callerOrder.GenerateAsync(_texts).GetAwaiter().GetResult().Count;

    [Benchmark(Description = "GenerateAsync, length bucketing (after, the default)")]
    public int GenerateBucketed() => _bucketed.GenerateAsync(_texts).GetAwaiter().GetResult().Count;
}

/// <summary>
/// ONNX Runtime session settings, one at a time against the generator's default (all graph
/// optimisations, ONNX Runtime's thread count, memory arena and pre-packing on), each running the
/// same 128 real reviews in length-sorted batches of 32 through a bare <c>InferenceSession.Run</c>.
/// </summary>
[MedianColumn]
public class EncoderSessionSettingsBenchmarks
{
    private InferenceSession _session = null!;
    private PaddedBatch[] _sortedBatches = null!;

    [Params("default", "intra-op threads 1", "graph optimisation basic", "graph optimisation off", "no memory arena", "no pre-packing")]
    public string Setting { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        (_, _, _sortedBatches) = RealReviews.Load();
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        switch (Setting)
        {
            case "default":
                break;
            case "intra-op threads 1":
                options.IntraOpNumThreads = 1;
                break;
            case "graph optimisation basic":
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC;
                break;
            case "graph optimisation off":
                options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL;
                break;
            case "no memory arena":
                options.EnableCpuMemArena = false;
                break;
            case "no pre-packing":
                options.AddSessionConfigEntry("session.disable_prepacking", "1");
                break;
            default:
                throw new ArgumentException($"Unknown setting '{Setting}'.");
        }

        _session = RealReviews.Session(options);
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(Description = "bare InferenceSession.Run, 128 reviews, length-sorted batches of 32")]
    public int Run() => _sortedBatches.Sum(b => b.Run(_session));
}

/// <summary>The 128-review sample both encoder classes use, tokenised and batched both ways.</summary>
internal static class RealReviews
{
    public const int Count = 128;
    public const int BatchSize = 32;

    public static (string[] Texts, PaddedBatch[] CallerOrder, PaddedBatch[] Sorted) Load()
    {
        string path = SharedReviews();
        ReviewFileResult file = ReviewFileReader.ReadAmazon2014(path);
        var random = new Random(17);
        string[] texts = [.. file.Reviews.Select(r => r.Text).Where(t => !string.IsNullOrWhiteSpace(t)).OrderBy(_ => random.Next()).Take(Count)];
        (_, byte[] vocabulary) = BundledMiniLm.Load();
        BertTokenizer tokenizer = PaddedBatch.Tokenizer(vocabulary);
        IReadOnlyList<int>[] tokens = [.. texts.Select(t => tokenizer.EncodeToIds(t, 256, addSpecialTokens: true, out _, out _))];
        PaddedBatch[] callerOrder = PaddedBatch.Create(tokens, BatchSize);
        PaddedBatch[] sorted = PaddedBatch.Create([.. tokens.OrderBy(t => t.Count)], BatchSize);
        long real = tokens.Sum(t => (long)t.Count);
        Console.WriteLine($"// {texts.Length} reviews from {path}: {real / (double)texts.Length:F1} tokens on average (max {tokens.Max(t => t.Count)}); " +
            $"padded tokens {callerOrder.Sum(b => (long)b.Longest * BatchSize):N0} in caller order, {sorted.Sum(b => (long)b.Longest * BatchSize):N0} sorted, {real:N0} real");
        return (texts, callerOrder, sorted);
    }

    public static InferenceSession Session(SessionOptions options)
    {
        using (options)
        {
            (byte[] model, _) = BundledMiniLm.Load();
            return new InferenceSession(model, options);
        }
    }

    /// <summary>../shared/data beside the repository root (found by Persona4Rec.Core.sln above the working or base directory).</summary>
    private static string SharedReviews()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Persona4Rec.Core.sln")))
                {
                    string path = Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared", "data", "amazon-musical-instruments", "reviews.jsonl"));
                    return File.Exists(path) ? path : throw new FileNotFoundException($"The shared reviews {path} are missing; these benchmarks need ../shared beside the repository.", path);
                }
            }
        }

        throw new DirectoryNotFoundException("The repository root (Persona4Rec.Core.sln) was not found above the working or base directory.");
    }
}
