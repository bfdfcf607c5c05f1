using CrmActors.Abstractions;
using CrmActors.Api.Health;
using CrmActors.Persistence;
using CrmActors.Silo;
using Microsoft.AspNetCore.DataProtection;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace CrmActors.Api.Hosting;

/// <summary>The durable modes: the journal on PostgreSQL makes a batch durable before 202; the silos' journal
/// dispatchers deliver it to the customer grains. <see cref="HostingMode.Postgres"/> co-hosts a silo,
/// <see cref="HostingMode.Client"/> is an API node of a cluster of standalone silos.</summary>
public static class DurableHosting
{
    public const string ConnectionStringKey = "Postgres:ConnectionString";
    public const string KeysPathKey = "DataProtection:KeysPath";

    public static WebApplicationBuilder UseDurableHosting(this WebApplicationBuilder builder, HostingInfo hosting)
    {
        var config = builder.Configuration;
        string connectionString = config[ConnectionStringKey] ?? Environment.GetEnvironmentVariable("CRM_PG")
            ?? throw new InvalidOperationException($"{hosting.Mode} mode needs {ConnectionStringKey} (or env CRM_PG).");

        if (hosting.Mode == HostingMode.Postgres)
        {
            int siloPort = config.GetValue(EmbeddedHosting.SiloPortKey, 11111);
            int gatewayPort = config.GetValue(EmbeddedHosting.GatewayPortKey, 30000);
            builder.UseOrleans(silo => silo.UseDurableDefaults(connectionString, siloPort, gatewayPort));
        }
        else
        {
            builder.UseOrleansClient(client =>
            {
                var clusterId = DurableSilo.ClusterIdFrom(config);
                client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = DurableSilo.ServiceId; });
                client.UsePostgres(DurableSilo.WithPoolLimit(connectionString));
                if (Telemetry.TracingEnabled(config)) client.AddActivityPropagation();
                if (DashboardSetup.Enabled(config, embedded: false)) client.AddDashboard();
            });
        }

        builder.Services.AddPostgresJournal(connectionString);
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgres", tags: [HealthEndpoints.ReadyTag]);

        // Several API nodes must read each other's sign-in cookies: share the keys where configured.
        if (config[KeysPathKey] is { Length: > 0 } keys)
            builder.Services.AddDataProtection().SetApplicationName("CrmActors").PersistKeysToFileSystem(new DirectoryInfo(keys));

        if (!EmbeddedHosting.HasConfiguredUrls(config)) builder.WebHost.UseUrls(EmbeddedHosting.DefaultUrl);
        return builder;
    }
}
