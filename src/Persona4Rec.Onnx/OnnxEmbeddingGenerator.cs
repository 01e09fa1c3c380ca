using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace Persona4Rec.Onnx;

/// <summary>
/// A local text embedder on ONNX Runtime: a BERT-style encoder with WordPiece tokenisation,
/// mean or [CLS] pooling and L2 normalisation. By default it runs all-MiniLM-L6-v2 (384-d), which
/// ships with the package; any BERT-style <c>model.onnx</c> + <c>vocab.txt</c> can be loaded instead.
/// It is a <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, so it plugs into anything that takes one.
/// </summary>
/// <remarks>
/// <para>
/// Inference is CPU work and runs on the calling thread; the returned task is complete when
/// <see cref="GenerateAsync"/> returns. Cancellation is checked between batches.
/// </para>
/// <para>
/// Thread safety: one instance (and its single <see cref="InferenceSession"/>) may be used by any
/// number of threads at once; results do not depend on concurrency or batching beyond float
/// rounding (≤ 1e-5).
/// </para>
/// <para>
/// Inputs are tagged query or passage through <see cref="EmbeddingGenerationOptions.AdditionalProperties"/>
/// key <see cref="EmbeddingInputKind.PropertyName"/>; the matching prefix option is then prepended.
/// </para>
/// </remarks>
public sealed partial class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly bool _hasTokenTypeIds;
    private readonly bool _outputIsPooled;
    private readonly EmbeddingPooling _pooling;
    private readonly int _maxTokens;
    private readonly int _batchSize;
    private readonly string? _queryPrefix;
    private readonly string? _passagePrefix;
    private readonly string _outputName;
    private readonly bool _normalize;
    private readonly bool _lengthBucketing;
    private int _disposed;

    /// <summary>Loads the bundled all-MiniLM-L6-v2, or the model the options name.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException">An option is out of range or inconsistent (the message names it).</exception>
    /// <exception cref="FileNotFoundException">A model or vocabulary path does not exist.</exception>
    /// <exception cref="OnnxModelException">The model is not a valid ONNX model, lacks the expected inputs or output, the bundled model cannot be found, or the execution provider's native library is missing (the message names the package to reference).</exception>
    public OnnxEmbeddingGenerator(OnnxEmbeddingGeneratorOptions? options = null)
    {
        options ??= new OnnxEmbeddingGeneratorOptions();
        Validate(options);
        _pooling = options.Pooling;
        _maxTokens = options.MaxTokens;
        _batchSize = options.BatchSize;
        _queryPrefix = options.QueryPrefix;
        _passagePrefix = options.PassagePrefix;
        _outputName = options.OutputName;
        _normalize = options.Normalize;

        (byte[] model, Stream vocabulary, string modelId) = OpenModel(options);
        using (vocabulary)
        {
            _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
            {
                LowerCaseBeforeTokenization = options.LowerCase,
                RemoveNonSpacingMarks = options.LowerCase,
            });
        }

        using SessionOptions sessionOptions = CreateSessionOptions(options);
        try
        {
            _session = new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxModelException($"'{options.ModelPath ?? modelId}' is not a valid ONNX model: {e.Message}", e);
        }

        try
        {
            (Dimension, _outputIsPooled, _hasTokenTypeIds) = InspectModel(_session, _outputName, modelId);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        ModelId = modelId;
        ExecutionProvider = options.ExecutionProvider;
        _lengthBucketing = options.LengthBucketing;
        _metadata = new EmbeddingGeneratorMetadata("onnxruntime", null, modelId, Dimension);
    }

    /// <summary>Gets the dimension of the vectors this generator returns.</summary>
    public int Dimension { get; }

    /// <summary>Gets the model identifier (for the bundled model, <c>sentence-transformers/all-MiniLM-L6-v2</c>).</summary>
    public string ModelId { get; }

    /// <summary>Gets where the model runs (<see cref="OnnxEmbeddingGeneratorOptions.ExecutionProvider"/>).</summary>
    public OnnxExecutionProvider ExecutionProvider { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or one of its texts is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string? prefix = IsQuery(options) ? _queryPrefix : _passagePrefix;
        List<string> texts = values.Select((text, i) => text is null
            ? throw new ArgumentNullException(nameof(values), $"Text {i} is null.")
            : prefix + text).ToList();

        // Tokenise everything first, then batch texts of similar length together: each batch is
        // padded to its longest text, so mixing one long text with short ones wastes compute.
        var ids = new IReadOnlyList<int>[texts.Count];
        long tokens = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            // Truncates to MaxTokens with [CLS] and [SEP] kept, as sentence-transformers does.
            ids[i] = _tokenizer.EncodeToIds(texts[i], _maxTokens, addSpecialTokens: true, out _, out _);
            tokens += ids[i].Count;
        }

        int[] order = _lengthBucketing
            ? [.. Enumerable.Range(0, texts.Count).OrderBy(i => ids[i].Count)]
            : [.. Enumerable.Range(0, texts.Count)];
        var vectors = new float[texts.Count][];
        for (int start = 0; start < order.Length; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int[] batch = order[start..Math.Min(start + _batchSize, order.Length)];
            float[][] batchVectors = EmbedBatch(batch.Select(i => ids[i]).ToArray());
            for (int b = 0; b < batch.Length; b++)
            {
                vectors[batch[b]] = batchVectors[b];
            }
        }

        DateTimeOffset created = DateTimeOffset.UtcNow;
        var embeddings = vectors.Select(v => new Embedding<float>(v) { ModelId = ModelId, CreatedAt = created }).ToList();
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(embeddings)
        {
            Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens },
        });
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Releases the ONNX Runtime session.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    private static bool IsQuery(EmbeddingGenerationOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(EmbeddingInputKind.PropertyName, out object? kind) == true
        && string.Equals(kind as string, EmbeddingInputKind.Query, StringComparison.OrdinalIgnoreCase);

    private static void Validate(OnnxEmbeddingGeneratorOptions options)
    {
        if (options.MaxTokens is < 3 or > 8192)
        {
            throw new ArgumentException($"MaxTokens is {options.MaxTokens}; it must be 3 to 8192 ([CLS], at least one token, [SEP]).", nameof(options));
        }

        if (options.BatchSize is < 1 or > 4096)
        {
            throw new ArgumentException($"BatchSize is {options.BatchSize}; it must be 1 to 4096.", nameof(options));
        }

        if ((options.ModelPath is null) != (options.VocabularyPath is null))
        {
            throw new ArgumentException("ModelPath and VocabularyPath must be set together (or neither, for the bundled all-MiniLM-L6-v2).", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.OutputName))
        {
            throw new ArgumentException("OutputName must name a model output.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.IntraOpThreads);
        if (!Enum.IsDefined(options.ExecutionProvider))
        {
            throw new ArgumentException($"ExecutionProvider is {options.ExecutionProvider}; it must be Cpu, Cuda or DirectML.", nameof(options));
        }

        if (options.DeviceId < 0)
        {
            throw new ArgumentException($"DeviceId is {options.DeviceId}; it must be 0 or more.", nameof(options));
        }
    }

    private static (byte[] Model, Stream Vocabulary, string ModelId) OpenModel(OnnxEmbeddingGeneratorOptions options)
    {
        if (options.ModelPath is null)
        {
            (byte[] model, byte[] vocabulary) = BundledMiniLm.Load();
            return (model, new MemoryStream(vocabulary, writable: false), options.ModelId ?? BundledMiniLm.ModelId);
        }

        string modelPath = Path.GetFullPath(options.ModelPath);
        string vocabularyPath = Path.GetFullPath(options.VocabularyPath!);
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The ONNX model file '{modelPath}' does not exist.", modelPath);
        }

        if (!File.Exists(vocabularyPath))
        {
            throw new FileNotFoundException($"The vocabulary file '{vocabularyPath}' does not exist.", vocabularyPath);
        }

        return (File.ReadAllBytes(modelPath), File.OpenRead(vocabularyPath), options.ModelId ?? Path.GetFileNameWithoutExtension(modelPath));
    }

    private static (int Dimension, bool Pooled, bool HasTokenTypeIds) InspectModel(InferenceSession session, string outputName, string modelId)
    {
        foreach (string required in new[] { "input_ids", "attention_mask" })
        {
            if (!session.InputMetadata.ContainsKey(required))
            {
                throw new OnnxModelException(
                    $"Model '{modelId}' has no input '{required}' (inputs: {string.Join(", ", session.InputMetadata.Keys)}); a BERT-style model is expected.");
            }
        }

        if (!session.OutputMetadata.TryGetValue(outputName, out NodeMetadata? output))
        {
            throw new OnnxModelException(
                $"Model '{modelId}' has no output '{outputName}' (outputs: {string.Join(", ", session.OutputMetadata.Keys)}); set OutputName.");
        }

        int[] shape = output.Dimensions;
        if (shape.Length is not (2 or 3) || shape[^1] <= 0)
        {
            throw new OnnxModelException(
                $"Output '{outputName}' of model '{modelId}' has shape [{string.Join(", ", shape)}]; expected [batch, tokens, dim] or [batch, dim] with a fixed dim.");
        }

        return (shape[^1], shape.Length == 2, session.InputMetadata.ContainsKey("token_type_ids"));
    }
}
