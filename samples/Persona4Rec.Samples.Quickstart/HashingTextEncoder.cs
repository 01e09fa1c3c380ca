using System.IO.Hashing;
using System.Numerics.Tensors;
using System.Text;

namespace Persona4Rec.Samples.Quickstart;

/// <summary>
/// A lexical stand-in encoder for this sample only: signed feature hashing of lower-cased words
/// and word bigrams into 384 buckets, L2-normalised. It needs no model file, so the sample runs
/// anywhere; it matches words, not meanings. The library's real encoder is a transformer
/// (see docs/architecture.md).
/// </summary>
internal sealed class HashingTextEncoder : IPersonaEncoder
{
    public int Dimension => 384;

    public string ModelId => "sample-hashing-bow-384";

    public string TemplateId => "sample-v1";

    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodePersonasAsync(IReadOnlyList<PersonaText> personas, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReadOnlyMemory<float>>>(personas
            .Select(p => (ReadOnlyMemory<float>)Encode($"{p.Persona.Name}. {p.Persona.Description} {p.ItemSummary} {p.Persona.PreferenceRationale}"))
            .ToArray());

    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodeInteractionsAsync(IReadOnlyList<InteractionText> interactions, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReadOnlyMemory<float>>>(interactions
            .Select(i => (ReadOnlyMemory<float>)Encode($"{i.ItemSummary} {i.Aspects ?? i.Interaction.ReviewText}"))
            .ToArray());

    private float[] Encode(string text)
    {
        var vector = new float[Dimension];
        string[] words = text.ToLowerInvariant()
            .Split((char[])[' ', '.', ',', ';', ':', '!', '?', '-', '(', ')', '"', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.Length > 2)
            .ToArray();
        for (int i = 0; i < words.Length; i++)
        {
            Add(vector, words[i], 1f);
            if (i + 1 < words.Length)
            {
                Add(vector, words[i] + " " + words[i + 1], 0.5f);
            }
        }

        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
        else
        {
            vector[0] = 1;
        }

        return vector;
    }

    private void Add(float[] vector, string feature, float weight)
    {
        ulong hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(feature));
        vector[(int)(hash % (ulong)Dimension)] += (hash & (1UL << 63)) == 0 ? weight : -weight;
    }
}
