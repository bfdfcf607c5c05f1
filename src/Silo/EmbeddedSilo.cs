using System.Net;
using Microsoft.Extensions.DependencyInjection;
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
        silo.AddMemoryGrainStorageAsDefault(UseOrleansSerializer);
        silo.AddMemoryGrainStorage("PubSubStore", UseOrleansSerializer);
        silo.KeepCustomersResident();
        silo.AddStarChangeStreams();
        silo.ConfigureServices(services =>
        {
            // Memory storage dies with the process: writing state at shutdown would only log failures.
            services.TryAddSingleton(CustomerGrainOptions.Default with { FlushOnShutdown = false });
            services.AddCustomerGrainServices();
        });
        return silo;
    }

    /// <summary>Customers keep their state in their activation only (<see cref="ResidentOnlyStorage"/>), so they are
    /// never collected as idle: collecting one would forget it. An idle customer costs its compact snapshot, not its
    /// expanded ledger (CustomerGrain sets that aside after a flush period).</summary>
    public static ISiloBuilder KeepCustomersResident(this ISiloBuilder silo)
    {
        silo.Services.AddKeyedSingleton<Orleans.Storage.IGrainStorage>(CustomerStorage.Name, (_, _) => new ResidentOnlyStorage());
        silo.Configure<GrainCollectionOptions>(o =>
            o.ClassSpecificCollectionAge[typeof(CustomerGrain).FullName!] = TimeSpan.FromDays(365 * 100));
        return silo;
    }

    /// <summary>Memory storage serializes what it keeps; its default is Newtonsoft JSON with reference tracking, which
    /// took half of all CPU in the memory benchmark's profile. Orleans' binary serializer is what the PostgreSQL mode
    /// stores with too.</summary>
    private static void UseOrleansSerializer(Microsoft.Extensions.Options.OptionsBuilder<MemoryGrainStorageOptions> storage) =>
        storage.Configure<Orleans.Serialization.Serializer>((options, serializer) =>
            options.GrainStorageSerializer = new Orleans.Storage.OrleansGrainStorageSerializer(serializer));

    /// <summary>Star changes travel on memory streams: they are few (upgrades), so the memory provider's
    /// ~30k events/s (shared/notes) is far above need.</summary>
    public static ISiloBuilder AddStarChangeStreams(this ISiloBuilder silo)
    {
        // Star changes are consumed as they arrive or not at all: the default cache keeps every message for 5 to 30
        // minutes, measured ~575 B per customer after a bulk load.
        silo.AddMemoryStreams(StarChangeStream.ProviderName, streams => streams.ConfigureCacheEviction(eviction =>
            eviction.Configure(o =>
            {
                o.DataMinTimeInCache = TimeSpan.FromSeconds(10);
                o.DataMaxAgeInCache = TimeSpan.FromSeconds(30);
            })));
        return silo;
    }
}
