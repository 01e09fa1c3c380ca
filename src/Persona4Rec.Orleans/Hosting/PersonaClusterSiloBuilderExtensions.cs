using Microsoft.Extensions.DependencyInjection;
using Persona4Rec.Cluster;

namespace Orleans.Hosting;

/// <summary>Registers the sharded persona index on an Orleans silo.</summary>
public static class PersonaClusterSiloBuilderExtensions
{
    /// <summary>
    /// Configures the shard and coordinator grains (which Orleans discovers from this assembly) with
    /// the folder for deployment state and the loading settings.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets <see cref="PersonaShardHostOptions.StateDirectory"/> and the other options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ISiloBuilder AddPersonaShards(this ISiloBuilder builder, Action<PersonaShardHostOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<PersonaShardHostOptions>()
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.StateDirectory), $"{nameof(PersonaShardHostOptions.StateDirectory)} is required: a folder every silo can read and write.");
        return builder;
    }
}
