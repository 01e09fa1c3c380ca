using BenchmarkDotNet.Attributes;
using Persona4Rec.Onnx;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// The local encoder (all-MiniLM-L6-v2 on ONNX Runtime, both cores): one batch of 32 texts of
/// about 12, 40 and 150 words. Sentences per second = 32 / mean.
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
    }

    [GlobalCleanup]
    public void Cleanup() => _generator.Dispose();

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
