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
    private long[] _ids = null!;
    private long[] _mask = null!;
    private long[] _types = null!;
    private long[] _shape = null!;

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
        var tokenizer = BertTokenizer.Create(new MemoryStream(vocabulary), new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });
        var tokens = _batch.Select(t => tokenizer.EncodeToIds(t, 256, addSpecialTokens: true, out _, out _)).ToArray();
        int longest = tokens.Max(t => t.Count);
        _shape = [_batch.Length, longest];
        _ids = new long[_batch.Length * longest];
        _mask = new long[_ids.Length];
        _types = new long[_ids.Length];
        for (int b = 0; b < tokens.Length; b++)
        {
            for (int t = 0; t < tokens[b].Count; t++)
            {
                _ids[(b * longest) + t] = tokens[b][t];
                _mask[(b * longest) + t] = 1;
            }
        }

        Console.WriteLine($"// {WordsPerText} words per text: {tokens.Average(t => t.Count):F1} tokens on average, padded to {longest}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generator.Dispose();
        _session.Dispose();
    }

    [Benchmark(Baseline = true, Description = "plain probe: InferenceSession.Run on pre-tokenised ids")]
    public int RawSession()
    {
        using var ids = OrtValue.CreateTensorValueFromMemory(_ids, _shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(_mask, _shape);
        using var types = OrtValue.CreateTensorValueFromMemory(_types, _shape);
        using var runOptions = new RunOptions();
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };
        using var outputs = _session.Run(runOptions, inputs, ["last_hidden_state"]);
        return outputs.Count;
    }

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
