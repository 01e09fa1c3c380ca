using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace Persona4Rec.Cluster.Tests.Support;

/// <summary>An in-process Orleans cluster of three silos hosting the shard grains, shared by a test class.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private const string StateDirectoryKey = "Persona4Rec:StateDirectory";
    private readonly TempDirectory _folder = new();

    public TestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Cluster = await StartAsync(_folder.Path);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(Cluster);
        _folder.Dispose();
    }

    /// <summary>Splits <paramref name="index"/> into a fresh folder as one version; returns the manifest path.</summary>
    public string SplitVersion(string name, PersonaIndex index, int shardCount, long version) => SplitVersion(_folder.Path, name, index, shardCount, version);

    internal static string SplitVersion(string root, string name, PersonaIndex index, int shardCount, long version)
    {
        string folder = System.IO.Path.Combine(root, name + "-v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        PersonaIndexSharding.Split(index, shardCount, version, folder);
        return System.IO.Path.Combine(folder, PersonaShardManifest.FileName);
    }

    /// <summary>A unique index name (the coordinator key), so that tests sharing a cluster never meet.</summary>
    internal static string NewIndexName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Starts a 3-silo in-process cluster keeping its state (and, by convention, its shard files) in <paramref name="stateDirectory"/>.</summary>
    internal static async Task<TestCluster> StartAsync(string stateDirectory)
    {
        var builder = new TestClusterBuilder(3);
        builder.Properties[StateDirectoryKey] = stateDirectory;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

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
            string stateDirectory = siloBuilder.Configuration[StateDirectoryKey] ?? throw new InvalidOperationException("The test cluster has no state directory.");
            siloBuilder.AddPersonaShards(o => o.StateDirectory = stateDirectory);

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
