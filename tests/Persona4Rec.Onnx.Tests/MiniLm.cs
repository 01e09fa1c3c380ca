using Microsoft.Extensions.AI;

namespace Persona4Rec.Onnx.Tests;

/// <summary>One shared instance of the real bundled model (loading takes about two seconds).</summary>
internal static class MiniLm
{
    private static readonly Lazy<OnnxEmbeddingGenerator> Shared = new(() => new OnnxEmbeddingGenerator());

    public static OnnxEmbeddingGenerator Generator => Shared.Value;

    public static async Task<float[]> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, string text, EmbeddingGenerationOptions? options = null) =>
        (await generator.GenerateAsync([text], options, TestContext.Current.CancellationToken))[0].Vector.ToArray();

    public static float Cosine(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);
}
