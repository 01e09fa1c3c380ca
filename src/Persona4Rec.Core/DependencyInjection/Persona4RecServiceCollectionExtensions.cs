using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Persona4Rec;
using Persona4Rec.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Persona4Rec in a service collection.</summary>
public static class Persona4RecServiceCollectionExtensions
{
    /// <summary>
    /// Registers the persona index (loaded from <see cref="Persona4RecOptions.IndexPath"/> when the
    /// host starts, validated), <see cref="IPersonaIndex"/>, the encoder (<see cref="IPersonaEncoder"/>
    /// over the registered <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>, for example
    /// from <c>AddPersona4RecOnnx</c>), <see cref="UserProfileBuilder"/> and
    /// <see cref="PersonaRecommender"/> (with the rerank blend beside the index, or
    /// <see cref="Persona4RecOptions.BlendPath"/>, when there is one), all singletons and thread-safe, and a
    /// <see cref="PersonaIndexProvider"/> holding the start-up index for services that reload the
    /// index while running (<see cref="PersonaIndexProvider.ReloadAsync"/>). The recommender leases
    /// the provider's current index for each call, so it follows reloads; <see cref="PersonaIndex"/>
    /// and <see cref="IPersonaIndex"/> stay the start-up index. Explanations quote reviews only when
    /// they are registered with <see cref="AddPersona4RecReviews(IServiceCollection, IReadOnlyDictionary{string, Review})"/>;
    /// without them they carry the persona's name, description and rationale and no quotes.
    /// Uses <c>TryAdd</c>: a service registered before is kept.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPersona4Rec(this IServiceCollection services, Action<Persona4RecOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<Persona4RecOptions>().Configure(configure).ValidateOnStart();
        return AddServices(services);
    }

    /// <summary>Registers Persona4Rec with options bound from configuration (see <see cref="AddPersona4Rec(IServiceCollection, Action{Persona4RecOptions})"/>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section to bind, usually <c>configuration.GetSection(Persona4RecOptions.SectionName)</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPersona4Rec(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<Persona4RecOptions>().Bind(configuration).ValidateOnStart();
        return AddServices(services);
    }

    /// <summary>
    /// Gives the registered <see cref="PersonaRecommender"/> the reviews its personas cite, so that
    /// explanations carry quotes (<see cref="PersonaRecommenderOptions.MaxQuotes"/>). Call it with
    /// <c>AddPersona4Rec</c>, in either order; a later call replaces an earlier one.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="reviewsById">The reviews by review id, for example <c>reviews.ToDictionary(r =&gt; r.ReviewId)</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPersona4RecReviews(this IServiceCollection services, IReadOnlyDictionary<string, Review> reviewsById)
    {
        ArgumentNullException.ThrowIfNull(reviewsById);
        return services.AddPersona4RecReviews(_ => reviewsById);
    }

    /// <summary>
    /// Gives the registered <see cref="PersonaRecommender"/> the reviews its personas cite, created
    /// once when the recommender is (at host start-up), for example read from a file.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="reviewsById">Creates the reviews by review id.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPersona4RecReviews(this IServiceCollection services, Func<IServiceProvider, IReadOnlyDictionary<string, Review>> reviewsById)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(reviewsById);
        services.Replace(ServiceDescriptor.Singleton(sp => new Persona4RecReviews(
            reviewsById(sp) ?? throw new InvalidOperationException("The reviews factory given to AddPersona4RecReviews returned null."))));
        return services;
    }

    private static IServiceCollection AddServices(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Persona4RecOptions>, Persona4RecOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, Persona4RecStartup>());
        services.TryAddSingleton(Persona4RecStartup.LoadIndex);
        services.TryAddSingleton<IPersonaIndex>(sp => sp.GetRequiredService<PersonaIndex>());
        services.TryAddSingleton(sp => new PersonaIndexProvider(sp.GetRequiredService<PersonaIndex>()));
        services.TryAddSingleton<IPersonaEncoder>(sp => new EmbeddingPersonaEncoder(
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? throw new InvalidOperationException(
                "Persona4Rec needs an IEmbeddingGenerator<string, Embedding<float>> to encode user interactions: call services.AddPersona4RecOnnx() (package Persona4Rec.Onnx) or register one (OpenAI, Ollama, ...).")));
        services.TryAddSingleton(sp => new UserProfileBuilder(sp.GetRequiredService<IPersonaEncoder>(), sp.GetRequiredService<IOptions<Persona4RecOptions>>().Value.Profile));
        services.TryAddSingleton(Persona4RecStartup.CreateRecommender);
        return services;
    }
}
