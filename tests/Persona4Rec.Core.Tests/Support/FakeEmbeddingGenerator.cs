using Microsoft.Extensions.AI;

namespace Persona4Rec.Tests.Support;

/// <summary>
/// A deterministic, hand-written embedding generator: each text becomes a vector derived from its
/// characters, and a hook can corrupt the answer to test how callers handle a misbehaving generator.
/// </summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly int _dimension;
    private readonly string? _modelId;

    public FakeEmbeddingGenerator(int dimension, string? modelId = "fake-model", bool reportMetadata = true)
    {
        _dimension = dimension;
        _modelId = modelId;
        ReportMetadata = reportMetadata;
    }

    public bool ReportMetadata { get; }

    public List<(List<string> Texts, EmbeddingGenerationOptions? Options)> Calls { get; } = [];

    public Func<List<Embedding<float>>, List<Embedding<float>>>? Corrupt { get; set; }

    public static float[] VectorFor(string text, int dimension)
    {
        var vector = new float[dimension];
        for (int i = 0; i < text.Length; i++)
        {
            vector[(text[i] + i) % dimension] += 1 + (i % 3);
        }

        vector[0] += 0.5f;
        return vector;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        Calls.Add((texts, options));
        var embeddings = texts.Select(t => new Embedding<float>(VectorFor(t, _dimension))).ToList();
        embeddings = Corrupt?.Invoke(embeddings) ?? embeddings;
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        ReportMetadata && serviceType == typeof(EmbeddingGeneratorMetadata)
            ? new EmbeddingGeneratorMetadata("fake", null, _modelId, _dimension)
            : null;

    public void Dispose()
    {
    }
}
