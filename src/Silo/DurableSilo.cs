using System.Net;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains;
using CrmActors.Grains.Customers;
using CrmActors.Grains.Journal;
using CrmActors.Abstractions.History;
using CrmActors.Persistence;
using CrmActors.Persistence.Journal;
using CrmActors.Persistence.Rules;
using CrmActors.Abstractions.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
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

    /// <summary>Optional configuration: the address other silos and clients reach this silo at (a pod's IP); when set,
    /// the silo listens on every interface. Without it the silo binds and advertises 127.0.0.1 (deploy/local).</summary>
    public const string AdvertisedAddressKey = "Orleans:AdvertisedIP";
    /// <summary>Optional configuration: how often (seconds) a changed customer writes its snapshot in a durable
    /// cluster (default <see cref="DefaultSnapshotPeriodSeconds"/>).</summary>
    public const string SnapshotPeriodKey = "Durable:SnapshotPeriodSeconds";

    /// <summary>Five minutes, not the embedded default's 30 s: with the journal making events durable, a snapshot only
    /// shortens replay, and every changed customer writes one per period: with many active customers, frequent
    /// snapshots take PostgreSQL's CPU from the journal (docs/architecture.md, "Durability", bug 6). The cost: a crashed
    /// customer replays up to five minutes of its own events, and an idle customer sets its ledger aside after five
    /// minutes.</summary>
    public const int DefaultSnapshotPeriodSeconds = 300;
    /// <summary>Optional configuration: the cluster id (membership rows); the default suits one cluster per database.</summary>
    public const string ClusterIdKey = "Orleans:ClusterId";

    /// <summary>Connections one pool opens at most unless the connection string sets <c>Maximum Pool Size</c>. A silo
    /// has two pools (Orleans' ADO.NET storage and membership; the journal), an API node one: Npgsql's default of 100
    /// each exhausted PostgreSQL's max_connections with a handful of processes, and activations then failed with
    /// 53300 and their dispatchers redelivered whole reads. PostgreSQL on a few cores gains nothing beyond a few
    /// dozen concurrent statements; callers queue on the pool instead.</summary>
    public const int DefaultMaxPoolSize = 16;

    public static ISiloBuilder UseDurableDefaults(this ISiloBuilder silo, string connectionString, int siloPort, int gatewayPort)
    {
        var clusterId = silo.Configuration[ClusterIdKey] is { Length: > 0 } id ? id : ClusterId;
        silo.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = ServiceId; });
        if (silo.Configuration[AdvertisedAddressKey] is { Length: > 0 } advertised)
            silo.ConfigureEndpoints(IPAddress.Parse(advertised), siloPort, gatewayPort, listenOnAnyHostAddress: true);
        else
            silo.ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false);
        silo.UsePostgres(WithPoolLimit(connectionString));
        silo.AddCrmTracing();
        silo.AddCrmDashboard(embedded: false);
        silo.ConfigureServices(services =>
        {
            // Orleans' placement pipeline logs every attempt at Information through Polly: a line per grain
            // activation. A standalone silo has no appsettings.json to quiet it; configuration can still override.
            services.AddLogging(logging => logging.AddFilter("Polly", LogLevel.Warning));
            services.AddCustomerGrainServices();
            services.TryAddSingleton(new CustomerGrainOptions(TimeSpan.FromSeconds(
                silo.Configuration.GetValue<int?>(SnapshotPeriodKey) is { } seconds and > 0 ? seconds : DefaultSnapshotPeriodSeconds)));
            services.AddPostgresJournal(connectionString);
            // What a rule version's impact seed reads: every customer's stored state, not only the resident ones.
            services.TryAddSingleton<CrmActors.Abstractions.IStoredCustomerStates>(sp => new PostgresStoredStates(
                sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClusterOptions>>().Value.ServiceId));
            services.AddHostedService<JournalQueueKeeper>();
            services.AddHostedService<JournalMaintenance>();
        });
        return silo;
    }

    /// <summary>The journal and its stores, for silos (reading, dead letters, history) and API nodes (appending, the
    /// admin's dead letters), with their own bounded pool.</summary>
    public static IServiceCollection AddPostgresJournal(this IServiceCollection services, string connectionString)
    {
        services.TryAddSingleton(_ => PostgresJournal.CreateDataSource(WithPoolLimit(connectionString)));
        services.TryAddSingleton<PostgresJournal>();
        services.TryAddSingleton<IJournal>(sp => sp.GetRequiredService<PostgresJournal>());
        services.TryAddSingleton<IJournalReader>(sp => sp.GetRequiredService<PostgresJournal>());
        services.TryAddSingleton<IDeadLetters, PostgresDeadLetters>();
        services.TryAddSingleton<IStarHistory, PostgresStarHistory>();
        services.TryAddSingleton<IRuleSets, PostgresRuleSets>();
        return services;
    }

    /// <summary>The cluster id a durable silo of this configuration joins (clients must use the same).</summary>
    public static string ClusterIdFrom(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        configuration[ClusterIdKey] is { Length: > 0 } id ? id : ClusterId;

    /// <summary><paramref name="connectionString"/> with <c>Maximum Pool Size</c> = <see cref="DefaultMaxPoolSize"/>
    /// unless it sets a pool size itself.</summary>
    public static string WithPoolLimit(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool set = given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal)
            .Equals("MaxPoolSize", StringComparison.OrdinalIgnoreCase) || k.Replace(" ", "", StringComparison.Ordinal)
            .Equals("MaximumPoolSize", StringComparison.OrdinalIgnoreCase));
        if (!set) builder.MaxPoolSize = DefaultMaxPoolSize;
        return builder.ConnectionString;
    }
}
