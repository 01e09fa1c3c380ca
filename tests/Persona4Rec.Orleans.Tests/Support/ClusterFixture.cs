using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Persona4Rec.Cluster.Tests.Support;

/// <summary>An in-process Orleans cluster of three silos hosting the shard grains, shared by a test class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Where coordinators keep state and where shard files are written; static because silos are built from a type.</summary>
    internal static readonly string StateDirectory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "p4r-orleans-tests-state-" + Environment.ProcessId);

    public TestCluster Cluster { get; private set; } = null!;

    internal static string NewFolder(string name)
    {
        string path = System.IO.Path.Combine(StateDirectory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    public async ValueTask InitializeAsync() => Cluster = await StartAsync();

    /// <summary>Splits <paramref name="index"/> into a fresh folder as one version; returns the manifest path.</summary>
    internal static string SplitVersion(string name, PersonaIndex index, int shardCount, long version)
    {
        string folder = NewFolder(name);
        PersonaIndexSharding.Split(index, shardCount, version, folder);
        return System.IO.Path.Combine(folder, PersonaShardManifest.FileName);
    }

    /// <summary>A unique index name (the coordinator key), so that tests sharing a cluster never meet.</summary>
    internal static string NewIndexName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Starts a 3-silo in-process cluster with the shard grains; the caller disposes it.</summary>
    internal static async Task<TestCluster> StartAsync()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async ValueTask DisposeAsync() => await StopAsync(Cluster);

    internal static async Task StopAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    internal sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
    }

    internal sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddPersonaShards(o => o.StateDirectory = StateDirectory);

            // Declare a killed silo dead within a few seconds rather than the production default.
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(1);
            });
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }
}
