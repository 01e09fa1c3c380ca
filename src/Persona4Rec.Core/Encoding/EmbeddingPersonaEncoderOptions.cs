namespace Persona4Rec;

/// <summary>Settings of <see cref="EmbeddingPersonaEncoder"/>.</summary>
public sealed class EmbeddingPersonaEncoderOptions
{
    /// <summary>
    /// Gets or sets the vector dimension. Default: <see langword="null"/>, taken from the generator's
    /// <c>EmbeddingGeneratorMetadata.DefaultModelDimensions</c>; required when the generator does not report it.
    /// </summary>
    public int? Dimension { get; set; }

    /// <summary>
    /// Gets or sets the model identifier stored in index files. Default: <see langword="null"/>, taken
    /// from the generator's metadata; required when the generator does not report it.
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>
    /// Gets or sets the most texts sent in one call of the generator (hosted APIs cap the inputs per
    /// request; OpenAI's limit is 2,048). Default: 256.
    /// </summary>
    public int MaxTextsPerCall { get; set; } = 256;
}
