using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;

namespace Persona4Rec.Samples.Cluster;

/// <summary>
/// Silos and a client on 127.0.0.1 with localhost clustering: silo i listens on basePort + i and
/// takes clients on basePort + 100 + i; silo 0 is the primary the others join. In production each
/// silo is its own process or machine, with a real membership provider (Azure, ADO.NET, Redis,
/// Kubernetes) and the shard files on storage every silo can read.
/// </summary>
internal static class LocalCluster
{
    public static async Task<IHost> StartSiloAsync(int silo, int basePort, string stateDirectory)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.UseOrleans(siloBuilder => siloBuilder
            .UseLocalhostClustering(
                siloPort: basePort + silo,
                gatewayPort: basePort + 100 + silo,
                primarySiloEndpoint: new IPEndPoint(IPAddress.Loopback, basePort),
                serviceId: "persona4rec-sample",
                clusterId: "local")
            .AddPersonaShards(o => o.StateDirectory = stateDirectory));
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task<IHost> StartClientAsync(int silos, int basePort)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.UseOrleansClient(client => client.UseLocalhostClustering(
            [.. Enumerable.Range(0, silos).Select(i => basePort + 100 + i)], serviceId: "persona4rec-sample", clusterId: "local"));
        IHost host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
