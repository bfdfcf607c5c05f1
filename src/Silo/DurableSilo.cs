using System.Net;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains;
using CrmActors.Grains.Journal;
using CrmActors.Persistence;
using CrmActors.Persistence.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace CrmActors.Silo;

/// <summary>A silo of a durable cluster: membership and grain storage on PostgreSQL (Orleans ADO.NET), the event
/// journal on PostgreSQL with one dispatcher per queue, journal partitions maintained.</summary>
public static class DurableSilo
{
    public const string ClusterId = "crmactors";
    public const string ServiceId = "crmactors";

    public static ISiloBuilder UseDurableDefaults(this ISiloBuilder silo, string connectionString, int siloPort, int gatewayPort)
    {
        silo.Configure<ClusterOptions>(o => { o.ClusterId = ClusterId; o.ServiceId = ServiceId; });
        silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false);
        silo.UsePostgres(connectionString);
        silo.AddStarChangeStreams();
        silo.ConfigureServices(services =>
        {
            services.AddCustomerGrainServices();
            services.AddPostgresJournal(connectionString);
            services.AddSingleton<IJournalReader>(sp => sp.GetRequiredService<PostgresJournal>());
            services.AddHostedService<JournalQueueKeeper>();
            services.AddHostedService<JournalMaintenance>();
        });
        return silo;
    }

    /// <summary>The journal store, for silos (reading) and API nodes (appending).</summary>
    public static IServiceCollection AddPostgresJournal(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => PostgresJournal.CreateDataSource(connectionString));
        services.TryAddSingleton<PostgresJournal>();
        return services;
    }
}
