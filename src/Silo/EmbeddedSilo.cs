using System.Net;
using CrmActors.Abstractions;
using CrmActors.Abstractions.History;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains;
using CrmActors.Grains.Customers;
using CrmActors.Grains.Journal;
using CrmActors.Persistence.InMemory;
using CrmActors.Persistence.Rules;
using CrmActors.Abstractions.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Hosting;

namespace CrmActors.Silo;

/// <summary>The embedded default: one silo on localhost clustering with in-memory grain storage and the in-memory
/// journal, delivered to the customers by the same dispatchers as in a durable cluster. Nothing in this mode survives
/// a restart.</summary>
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
        silo.KeepCustomersResident();
        silo.AddCrmTracing();
        silo.AddCrmDashboard(embedded: true);
        silo.ConfigureServices(services =>
        {
            // Memory storage dies with the process: writing state at shutdown would only log failures.
            services.TryAddSingleton(CustomerGrainOptions.Default with { FlushOnShutdown = false, StoresState = false });
            services.AddCustomerGrainServices();
            services.AddInMemoryJournal();
            services.AddHostedService<JournalQueueKeeper>();
        });
        return silo;
    }

    /// <summary>The in-memory journal and its stores, for a host that co-hosts the embedded silo (the API appends to
    /// the same instance the silo's dispatchers read). TryAdd: two embedded nodes in one process (a test) may share one.</summary>
    public static IServiceCollection AddInMemoryJournal(this IServiceCollection services)
    {
        services.TryAddSingleton<InMemoryJournal>();
        services.TryAddSingleton<IJournal>(sp => sp.GetRequiredService<InMemoryJournal>());
        services.TryAddSingleton<IJournalReader>(sp => sp.GetRequiredService<InMemoryJournal>());
        services.TryAddSingleton<IDeadLetters, InMemoryDeadLetters>();
        services.TryAddSingleton<IStarHistory, InMemoryStarHistory>();
        services.TryAddSingleton<IRuleSets, InMemoryRuleSets>();
        return services;
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
}
