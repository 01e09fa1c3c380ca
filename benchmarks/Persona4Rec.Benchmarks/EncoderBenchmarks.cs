using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using Persona4Rec.Onnx;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// The local encoder (all-MiniLM-L6-v2 on ONNX Runtime, both cores): one batch of 32 texts of
/// about 12, 40 and 150 words. Sentences per second = 32 / mean. The baseline is a plain probe:
/// one <see cref="InferenceSession.Run(RunOptions, IReadOnlyDictionary{string, OrtValue}, IReadOnlyCollection{string})"/>
/// on the same, already tokenised batch, without tokenisation, pooling or normalisation, so the
/// ratio shows what the generator adds on top of the model itself.
/// </summary>
[MedianColumn]
public class EncoderBenchmarks
{
    private static readonly string[] Words =
    [
        "guitar", "tuner", "clips", "onto", "the", "headstock", "and", "reads", "fast", "on", "a", "dark", "stage",
        "strings", "sound", "bright", "for", "fingerpicking", "cable", "survived", "every", "gig", "pedal", "gives",
        "warm", "crunch", "with", "little", "hiss", "pop", "filter", "stops", "plosives", "in", "my", "podcast",
    ];

    private OnnxEmbeddingGenerator _generator = null!;
    private string[] _batch = null!;
    private InferenceSession _session = null!;
    private PaddedBatch _padded = null!;

    [Params(12, 40, 150)]
    public int WordsPerText { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _generator = new OnnxEmbeddingGenerator();
        var random = new Random(WordsPerText);
        _batch = Enumerable.Range(0, 32)
            .Select(_ => string.Join(' ', Enumerable.Range(0, WordsPerText).Select(_ => Words[random.Next(Words.Length)])))
            .ToArray();

        (byte[] model, byte[] vocabulary) = BundledMiniLm.Load();
        _session = new InferenceSession(model, new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL });
        BertTokenizer tokenizer = PaddedBatch.Tokenizer(vocabulary);
        var tokens = _batch.Select(t => tokenizer.EncodeToIds(t, 256, addSpecialTokens: true, out _, out _)).ToArray();
        _padded = PaddedBatch.Create(tokens, tokens.Length)[0];
        Console.WriteLine($"// {WordsPerText} words per text: {tokens.Average(t => t.Count):F1} tokens on average, padded to {_padded.Longest}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generator.Dispose();
        _session.Dispose();
    }

    [Benchmark(Baseline = true, Description = "plain probe: InferenceSession.Run on pre-tokenised ids")]
    public int RawSession() => _padded.Run(_session);

    [Benchmark(Description = "GenerateAsync, batch of 32")]
    public int Batch32() => _generator.GenerateAsync(_batch).GetAwaiter().GetResult().Count;
}

/// <summary>Loading the bundled model: reading it out of the package DLL, and creating the ONNX Runtime session.</summary>
[MedianColumn]
public class EncoderLoadBenchmarks
{
    [Benchmark(Description = "new OnnxEmbeddingGenerator() (bundled all-MiniLM-L6-v2)")]
    public int Load()
    {
        using var generator = new OnnxEmbeddingGenerator();
        return generator.Dimension;
    }
}
