using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Persona4Rec.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the local ONNX encoder in a service collection.</summary>
public static class Persona4RecOnnxServiceCollectionExtensions
{
    /// <summary>The configuration section the <see cref="IConfiguration"/> overload binds by convention: <c>Persona4Rec:Onnx</c>.</summary>
    public const string SectionName = "Persona4Rec:Onnx";

    /// <summary>
    /// Registers <see cref="OnnxEmbeddingGenerator"/> (the bundled all-MiniLM-L6-v2 by default) as the
    /// singleton <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c> that
    /// <c>AddPersona4Rec</c> encodes user interactions with. The model loads on first use (about a
    /// second; logged as event 4001 <c>EncoderLoaded</c> with the execution provider when the container has an
    /// <c>ILoggerFactory</c>) and the instance is disposed with the container. Uses <c>TryAdd</c>: an embedding
    /// generator registered before is kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the defaults, or <see langword="null"/>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPersona4RecOnnx(this IServiceCollection services, Action<OnnxEmbeddingGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        OptionsBuilder<OnnxEmbeddingGeneratorOptions> options = services.AddOptions<OnnxEmbeddingGeneratorOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return AddGenerator(services);
    }

    /// <summary>Registers the local ONNX encoder with options bound from configuration (see <see cref="AddPersona4RecOnnx(IServiceCollection, Action{OnnxEmbeddingGeneratorOptions})"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind, usually <c>configuration.GetSection("Persona4Rec:Onnx")</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPersona4RecOnnx(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OnnxEmbeddingGeneratorOptions>().Bind(configuration);
        return AddGenerator(services);
    }

    private static IServiceCollection AddGenerator(IServiceCollection services)
    {
        // The constructor validates every option and names the bad one.
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
        {
            var generator = new OnnxEmbeddingGenerator(sp.GetRequiredService<IOptions<OnnxEmbeddingGeneratorOptions>>().Value);
            ILogger? logger = sp.GetService<ILoggerFactory>()?.CreateLogger<OnnxEmbeddingGenerator>();
            if (logger is not null)
            {
                OnnxLog.EncoderLoaded(logger, generator.ModelId, generator.Dimension, generator.ExecutionProvider);
            }

            return generator;
        });
        return services;
    }
}
