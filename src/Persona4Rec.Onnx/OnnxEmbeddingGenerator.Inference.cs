using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Persona4Rec.Onnx;

/// <content>Tokenisation, one batched model run, pooling and normalisation.</content>
public sealed partial class OnnxEmbeddingGenerator
{
    private float[][] EmbedBatch(IReadOnlyList<int>[] ids)
    {
        int longest = ids.Max(sequence => sequence.Count);

        // Padded per batch to the longest sequence, not to MaxTokens.
        int batch = ids.Length;
        var inputIds = new long[batch * longest];
        var attentionMask = new long[batch * longest];
        for (int b = 0; b < batch; b++)
        {
            IReadOnlyList<int> sequence = ids[b];
            for (int t = 0; t < sequence.Count; t++)
            {
                inputIds[(b * longest) + t] = sequence[t];
                attentionMask[(b * longest) + t] = 1;
            }
        }

        long[] shape = [batch, longest];
        using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using OrtValue? typeValue = _hasTokenTypeIds ? OrtValue.CreateTensorValueFromMemory(new long[batch * longest], shape) : null;
        var inputs = new Dictionary<string, OrtValue>(StringComparer.Ordinal)
        {
            ["input_ids"] = idsValue,
            ["attention_mask"] = maskValue,
        };
        if (typeValue is not null)
        {
            inputs["token_type_ids"] = typeValue;
        }

        using var runOptions = new RunOptions();
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, inputs, [_outputName]);
        ReadOnlySpan<float> hidden = outputs[0].GetTensorDataAsSpan<float>();
        return Pool(hidden, ids, batch, longest);
    }

    private float[][] Pool(ReadOnlySpan<float> hidden, IReadOnlyList<int>[] ids, int batch, int longest)
    {
        int dimension = Dimension;
        var vectors = new float[batch][];
        for (int b = 0; b < batch; b++)
        {
            var vector = new float[dimension];
            if (_outputIsPooled)
            {
                hidden.Slice(b * dimension, dimension).CopyTo(vector);
            }
            else if (_pooling == EmbeddingPooling.Cls)
            {
                hidden.Slice(b * longest * dimension, dimension).CopyTo(vector);
            }
            else
            {
                // Mean over the real tokens only: padding positions are excluded by the mask.
                int tokens = ids[b].Count;
                ReadOnlySpan<float> rows = hidden.Slice(b * longest * dimension, tokens * dimension);
                for (int t = 0; t < tokens; t++)
                {
                    TensorPrimitives.Add(vector, rows.Slice(t * dimension, dimension), vector);
                }

                TensorPrimitives.Divide(vector, tokens, vector);
            }

            if (_normalize)
            {
                float norm = TensorPrimitives.Norm(vector);
                if (norm > 0)
                {
                    TensorPrimitives.Divide(vector, norm, vector);
                }
            }

            vectors[b] = vector;
        }

        return vectors;
    }
}
