using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using Persona4Rec.Onnx;

namespace Persona4Rec.Benchmarks;

/// <summary>
/// One batch already tokenised and padded to its longest text, for the bare ONNX Runtime probe:
/// <see cref="Run"/> is one <c>InferenceSession.Run</c> with nothing of the generator around it.
/// </summary>
internal sealed class PaddedBatch
{
    private readonly long[] _ids;
    private readonly long[] _mask;
    private readonly long[] _types;
    private readonly long[] _shape;

    private PaddedBatch(IReadOnlyList<IReadOnlyList<int>> tokens)
    {
        Longest = tokens.Max(t => t.Count);
        _shape = [tokens.Count, Longest];
        _ids = new long[tokens.Count * Longest];
        _mask = new long[_ids.Length];
        _types = new long[_ids.Length];
        for (int b = 0; b < tokens.Count; b++)
        {
            for (int t = 0; t < tokens[b].Count; t++)
            {
                _ids[(b * Longest) + t] = tokens[b][t];
                _mask[(b * Longest) + t] = 1;
            }
        }
    }

    /// <summary>Gets the padded length of the batch.</summary>
    public int Longest { get; }

    /// <summary>The bundled model's tokenizer, set as <see cref="OnnxEmbeddingGenerator"/> sets it.</summary>
    public static BertTokenizer Tokenizer(byte[] vocabulary) =>
        BertTokenizer.Create(new MemoryStream(vocabulary), new BertOptions { LowerCaseBeforeTokenization = true, RemoveNonSpacingMarks = true });

    /// <summary>Cuts the texts, in the order given, into padded batches of <paramref name="batchSize"/>.</summary>
    public static PaddedBatch[] Create(IReadOnlyList<IReadOnlyList<int>> tokens, int batchSize) =>
        [.. tokens.Chunk(batchSize).Select(chunk => new PaddedBatch(chunk))];

    public int Run(InferenceSession session)
    {
        using var ids = OrtValue.CreateTensorValueFromMemory(_ids, _shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(_mask, _shape);
        using var types = OrtValue.CreateTensorValueFromMemory(_types, _shape);
        using var runOptions = new RunOptions();
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = types };
        using var outputs = session.Run(runOptions, inputs, ["last_hidden_state"]);
        return outputs.Count;
    }
}
