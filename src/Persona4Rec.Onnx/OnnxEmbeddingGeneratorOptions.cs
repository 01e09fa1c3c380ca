namespace Persona4Rec.Onnx;

/// <summary>
/// Settings of <see cref="OnnxEmbeddingGenerator"/>. The defaults run all-MiniLM-L6-v2 exactly as
/// sentence-transformers does (mean pooling, L2 normalisation, 256 tokens).
/// </summary>
public sealed class OnnxEmbeddingGeneratorOptions
{
    /// <summary>
    /// Gets or sets the path of a BERT-style <c>model.onnx</c>. When <see langword="null"/> (the
    /// default), the bundled all-MiniLM-L6-v2 is used and <see cref="VocabularyPath"/> must be null too.
    /// </summary>
    public string? ModelPath { get; set; }

    /// <summary>Gets or sets the path of the model's WordPiece <c>vocab.txt</c>; required with <see cref="ModelPath"/>.</summary>
    public string? VocabularyPath { get; set; }

    /// <summary>
    /// Gets or sets the model identifier reported in metadata and stored in index files.
    /// Default: <c>sentence-transformers/all-MiniLM-L6-v2</c> for the bundled model, else the model file name.
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the pooling. Default: <see cref="EmbeddingPooling.Mean"/>.</summary>
    public EmbeddingPooling Pooling { get; set; } = EmbeddingPooling.Mean;

    /// <summary>
    /// Gets or sets the most tokens per text, [CLS] and [SEP] included; longer texts are truncated.
    /// Default: 256, the length all-MiniLM-L6-v2 was trained with (its position table holds 512).
    /// </summary>
    public int MaxTokens { get; set; } = 256;

    /// <summary>Gets or sets how many texts run through the model at once. Default: 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Gets or sets the text put before every input whose kind is <see cref="EmbeddingInputKind.Query"/> (see <see cref="EmbeddingInputKind"/>)
    /// (for E5-style models: <c>"query: "</c>). Default: none.
    /// </summary>
    public string? QueryPrefix { get; set; }

    /// <summary>
    /// Gets or sets the text put before every other input (for E5-style models: <c>"passage: "</c>). Default: none.
    /// </summary>
    public string? PassagePrefix { get; set; }

    /// <summary>
    /// Gets or sets the name of the model output holding token vectors [batch, tokens, dim] (pooled
    /// here) or sentence vectors [batch, dim] (used as they are). Default: <c>last_hidden_state</c>.
    /// The BERT pooler output of sentence-transformers exports is not a sentence vector.
    /// </summary>
    public string OutputName { get; set; } = "last_hidden_state";

    /// <summary>Gets or sets whether vectors are L2-normalised. Default: <see langword="true"/>.</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Gets or sets whether the vocabulary is lower-cased before lookup (uncased models). Default: <see langword="true"/>.</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>
    /// Gets or sets the number of threads ONNX Runtime uses inside one inference. Default: 0,
    /// ONNX Runtime's choice (all physical cores).
    /// </summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// Gets or sets where the model runs. Default: <see cref="OnnxExecutionProvider.Cpu"/>. A GPU
    /// provider needs its ONNX Runtime package referenced by the application (see
    /// <see cref="OnnxExecutionProvider"/>); its vectors are close to the CPU's but not bit-identical.
    /// </summary>
    public OnnxExecutionProvider ExecutionProvider { get; set; } = OnnxExecutionProvider.Cpu;

    /// <summary>Gets or sets the GPU's device number for <see cref="OnnxExecutionProvider.Cuda"/> and <see cref="OnnxExecutionProvider.DirectML"/>. Default: 0.</summary>
    public int DeviceId { get; set; }

    /// <summary>
    /// Gets or sets whether a call's texts are sorted by token count before batching (each batch is
    /// padded to its longest text). Always on in use; off only so the benchmarks can measure what it saves.
    /// </summary>
    internal bool LengthBucketing { get; set; } = true;
}
