using System.Diagnostics;
using Microsoft.Extensions.AI;
using Persona4Rec.Checks;

namespace Persona4Rec;

/// <summary>
/// The default <see cref="IPersonaEncoder"/>: renders personas and interactions through
/// <see cref="PersonaTextTemplates"/> and embeds them with any
/// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> — the local ONNX model of
/// Persona4Rec.Onnx, or a hosted one (OpenAI, Azure OpenAI, Ollama). Personas are sent as
/// passages and interactions as queries (<see cref="EmbeddingInputKind"/>). Every returned
/// vector is checked (count, dimension, finite, non-zero) and L2-normalised.
/// </summary>
/// <remarks>Thread-safe when the generator is; the encoder itself holds no mutable state.</remarks>
public sealed class EmbeddingPersonaEncoder : IPersonaEncoder
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly int _maxTextsPerCall;

    /// <summary>Wraps an embedding generator.</summary>
    /// <param name="generator">The embedding generator; the encoder does not dispose it.</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The dimension or model id is neither given nor reported by the generator, or an option is out of range.</exception>
    public EmbeddingPersonaEncoder(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingPersonaEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        options ??= new EmbeddingPersonaEncoderOptions();
        var metadata = generator.GetService(typeof(EmbeddingGeneratorMetadata)) as EmbeddingGeneratorMetadata;
        Dimension = options.Dimension ?? metadata?.DefaultModelDimensions
            ?? throw new ArgumentException("The generator does not report its dimension; set EmbeddingPersonaEncoderOptions.Dimension.", nameof(options));
        ModelId = options.ModelId ?? metadata?.DefaultModelId
            ?? throw new ArgumentException("The generator does not report its model id; set EmbeddingPersonaEncoderOptions.ModelId.", nameof(options));
        if (Dimension is < 1 or > PersonaIndexLimits.MaxDimension)
        {
            throw new ArgumentException($"The dimension is {Dimension}; it must be 1 to {PersonaIndexLimits.MaxDimension}.", nameof(options));
        }

        if (options.MaxTextsPerCall < 1)
        {
            throw new ArgumentException($"MaxTextsPerCall is {options.MaxTextsPerCall}; it must be at least 1.", nameof(options));
        }

        _generator = generator;
        _maxTextsPerCall = options.MaxTextsPerCall;
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <inheritdoc/>
    public string ModelId { get; }

    /// <inheritdoc/>
    public string TemplateId => PersonaTextTemplates.TemplateId;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The generator returned the wrong number of vectors, or a vector of the wrong dimension, non-finite or zero.</exception>
    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodePersonasAsync(IReadOnlyList<PersonaText> personas, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personas);
        return EncodeAsync(personas.Select(PersonaTextTemplates.RenderPersona).ToList(), EmbeddingInputKind.Passage, cancellationToken);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The generator returned the wrong number of vectors, or a vector of the wrong dimension, non-finite or zero.</exception>
    public Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodeInteractionsAsync(IReadOnlyList<InteractionText> interactions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        return EncodeAsync(interactions.Select(PersonaTextTemplates.RenderInteraction).ToList(), EmbeddingInputKind.Query, cancellationToken);
    }

    private async Task<IReadOnlyList<ReadOnlyMemory<float>>> EncodeAsync(List<string> texts, string kind, CancellationToken cancellationToken)
    {
        var options = new EmbeddingGenerationOptions
        {
            AdditionalProperties = new AdditionalPropertiesDictionary { [EmbeddingInputKind.PropertyName] = kind },
        };
        var vectors = new ReadOnlyMemory<float>[texts.Count];
        for (int start = 0; start < texts.Count; start += _maxTextsPerCall)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<string> chunk = texts.GetRange(start, Math.Min(_maxTextsPerCall, texts.Count - start));
            var tag = new KeyValuePair<string, object?>(Persona4RecTelemetry.InputKindTag, kind);
            using Activity? activity = Persona4RecTelemetry.ActivitySource.StartActivity(Persona4RecTelemetry.EncodeActivity);
            activity?.SetTag(Persona4RecTelemetry.InputKindTag, kind);
            activity?.SetTag("persona4rec.texts", chunk.Count);
            long started = Stopwatch.GetTimestamp();
            GeneratedEmbeddings<Embedding<float>> embeddings = await _generator
                .GenerateAsync(chunk, options, cancellationToken)
                .ConfigureAwait(false);
            Persona4RecTelemetry.EncoderSeconds.Record(Persona4RecTelemetry.SecondsSince(started), tag);
            Persona4RecTelemetry.EncodedTexts.Add(chunk.Count, tag);
            if (embeddings is null || embeddings.Count != chunk.Count)
            {
                throw new InvalidOperationException(
                    $"The embedding generator returned {embeddings?.Count ?? 0} vectors for {chunk.Count} texts; it must return one per text, in order.");
            }

            for (int i = 0; i < chunk.Count; i++)
            {
                vectors[start + i] = Normalize(embeddings[i]?.Vector ?? default, start + i);
            }
        }

        return vectors;
    }

    private float[] Normalize(ReadOnlyMemory<float> vector, int position)
    {
        var unit = new float[Dimension];
        try
        {
            VectorChecks.Normalize(vector.Span, unit, Dimension, "embedding");
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"The embedding generator's vector for text {position} is unusable: {e.Message}", e);
        }

        return unit;
    }
}
