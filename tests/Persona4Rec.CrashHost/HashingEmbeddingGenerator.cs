using Microsoft.Extensions.AI;

namespace Persona4Rec.CrashHost;

/// <summary>
/// A deterministic stand-in for an embedding model: a bag of hashed words, after an artificial
/// delay per call so that a run lasts long enough to be killed in the middle.
/// </summary>
internal sealed class HashingEmbeddingGenerator(TimeSpan delay) : IEmbeddingGenerator<string, Embedding<float>>
{
    private const int Dimension = 32;

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        return [.. values.Select(text => new Embedding<float>(Embed(text)))];
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("crash-host", null, "hashing-32", Dimension) : null;

    public void Dispose()
    {
    }

    private static float[] Embed(string text)
    {
        var vector = new float[Dimension];
        vector[0] = 0.1f;
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            uint hash = 2166136261;
            foreach (char c in word.ToUpperInvariant())
            {
                hash = (hash ^ c) * 16777619;
            }

            vector[hash % Dimension] += (hash & 0x8000) == 0 ? 1 : -1;
        }

        return vector;
    }
}
