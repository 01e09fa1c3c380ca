using Microsoft.Extensions.AI;
using Persona4Rec.Offline;

namespace Persona4Rec.Cli.Commands;

/// <summary>
/// The tool's persistent embedding cache: Microsoft.Extensions.AI's
/// <see cref="DistributedCachingEmbeddingGenerator{TInput, TEmbedding}"/> over a
/// <see cref="FileDistributedCache"/>, keyed by the text and the encoder's model id, so a rerun
/// encodes only texts it has not seen (docs/encoders.md).
/// </summary>
internal static class EmbeddingCache
{
    /// <summary>The cache folder's name inside an output folder.</summary>
    public const string FolderName = "embedding-cache";

    /// <summary>Wraps <paramref name="inner"/>; the wrapper leaves disposing it to the caller.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Wrap(IEmbeddingGenerator<string, Embedding<float>> inner, string folder)
    {
        string modelId = inner.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? inner.GetType().FullName!;
        return new DistributedCachingEmbeddingGenerator<string, Embedding<float>>(inner, new FileDistributedCache(folder))
        {
            // The text alone is not enough: another model must never be served this one's vectors.
            CacheKeyAdditionalValues = [modelId, "persona4rec-embeddings-v1"],
        };
    }
}
