using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Persona4Rec.Telemetry;

namespace Persona4Rec.DependencyInjection;

/// <summary>
/// Loads the index when the host starts (not on the first request), and checks that the
/// registered encoder produces vectors in the index's space. A failure stops start-up.
/// </summary>
internal sealed class Persona4RecStartup(IServiceProvider services, IOptions<Persona4RecOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        PersonaIndex index = services.GetRequiredService<PersonaIndex>();
        if (options.Value.VerifyEncoderMatchesIndex && services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() is not null)
        {
            IPersonaEncoder encoder = services.GetRequiredService<IPersonaEncoder>();
            if (encoder.Dimension != index.Dimension || !string.Equals(encoder.ModelId, index.EncoderModelId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"The registered encoder ('{encoder.ModelId}', {encoder.Dimension}-d) does not match the index {options.Value.IndexPath} ('{index.EncoderModelId}', {index.Dimension}-d): " +
                    "user vectors would not be comparable with persona vectors. Register the encoder the index was built with, or set Persona4Rec:VerifyEncoderMatchesIndex to false.");
            }
        }

        _ = services.GetRequiredService<PersonaRecommender>(); // A bad blend file stops start-up, not the first request.
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The recommender over the registered index, with the rerank blend of
    /// <see cref="Persona4RecOptions.BlendPath"/>, or the one beside the index when it exists, and
    /// the reviews of <c>AddPersona4RecReviews</c> for quotes. Over the start-up index it follows the
    /// <see cref="PersonaIndexProvider"/> (a lease per call, so hot reloads reach it); an
    /// <see cref="IPersonaIndex"/> the host registered itself (an approximate index, a cluster) is used as it is.
    /// </summary>
    internal static PersonaRecommender CreateRecommender(IServiceProvider services)
    {
        Persona4RecOptions settings = services.GetRequiredService<IOptions<Persona4RecOptions>>().Value;
        PersonaRecommenderOptions recommender = settings.Recommender;
        IPersonaIndex index = services.GetRequiredService<IPersonaIndex>();
        PersonaIndexProvider? provider = ReferenceEquals(index, services.GetRequiredService<PersonaIndex>()) ? services.GetRequiredService<PersonaIndexProvider>() : null;
        IReadOnlyDictionary<string, Review>? reviews = services.GetService<Persona4RecReviews>()?.ById;
        string? path = settings.BlendPath is { Length: > 0 } named ? named
            : !string.IsNullOrWhiteSpace(settings.IndexPath) && File.Exists(RerankBlend.PathFor(settings.IndexPath)) ? RerankBlend.PathFor(settings.IndexPath)
            : null;
        if (recommender.Blend is null && path is not null)
        {
            recommender = new PersonaRecommenderOptions
            {
                MaxQuotes = recommender.MaxQuotes,
                MaxQuoteCharacters = recommender.MaxQuoteCharacters,
                SkipUnknownCandidates = recommender.SkipUnknownCandidates,
                Mode = recommender.Mode,
                FusionK = recommender.FusionK,
                Blend = RerankBlend.Load(path),
            };
        }

        ILogger<PersonaRecommender>? logger = services.GetService<ILogger<PersonaRecommender>>();
        return provider is null
            ? new PersonaRecommender(index, reviews, recommender, logger)
            : new PersonaRecommender(provider, reviews, recommender, logger);
    }

    /// <summary>Loads the index file named by the options, logging the outcome.</summary>
    internal static PersonaIndex LoadIndex(IServiceProvider services)
    {
        Persona4RecOptions settings = services.GetRequiredService<IOptions<Persona4RecOptions>>().Value;
        ILogger logger = services.GetService<ILoggerFactory>()?.CreateLogger("Persona4Rec.PersonaIndex") ?? NullLogger.Instance;
        long started = Stopwatch.GetTimestamp();
        try
        {
            PersonaIndex index = PersonaIndex.Load(settings.IndexPath);
            double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.IndexLoaded(logger, settings.IndexPath, index.ItemCount, index.PersonaCount, index.Dimension, index.EncoderModelId, milliseconds);
            return index;
        }
        catch (Exception e) when (e is PersonaIndexFormatException or IOException or UnauthorizedAccessException)
        {
            Log.IndexLoadFailed(logger, settings.IndexPath, e);
            throw;
        }
    }
}
