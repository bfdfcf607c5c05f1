using System.Net;
using Microsoft.Extensions.DependencyInjection.Extensions;
using CrmActors.Abstractions;
using CrmActors.Grains;
using Orleans.Configuration;
using Orleans.Hosting;

namespace CrmActors.Silo;

/// <summary>The embedded default: one silo on localhost clustering with in-memory grain storage and streams.
/// Nothing in this mode survives a restart.</summary>
public static class EmbeddedSilo
{
    /// <param name="primarySiloPort">Another embedded node's silo port on this machine: this silo joins that node's
    /// cluster (localhost development clustering) instead of starting its own. Null: this silo is the primary.</param>
    public static ISiloBuilder UseEmbeddedDefaults(this ISiloBuilder silo, int siloPort = 11111, int gatewayPort = 30000,
        int? primarySiloPort = null)
    {
        silo.UseLocalhostClustering(siloPort, gatewayPort,
            primarySiloPort is { } primary ? new IPEndPoint(IPAddress.Loopback, primary) : null);
        silo.AddMemoryGrainStorageAsDefault();
        silo.AddMemoryGrainStorage("PubSubStore");
        silo.AddStarChangeStreams();
        silo.ConfigureServices(services =>
        {
            // Memory storage dies with the process: writing state at shutdown would only log failures.
            services.TryAddSingleton(CustomerGrainOptions.Default with { FlushOnShutdown = false });
            services.AddCustomerGrainServices();
        });
        return silo;
    }

    /// <summary>Star changes travel on memory streams: they are few (upgrades), so the memory provider's
    /// ~30k events/s (shared/notes) is far above need.</summary>
    public static ISiloBuilder AddStarChangeStreams(this ISiloBuilder silo)
    {
        silo.AddMemoryStreams(StarChangeStream.ProviderName);
        return silo;
    }
}
