using System.Net;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains;
using CrmActors.Grains.Journal;
using CrmActors.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace CrmActors.Persistence.Tests.Support;

/// <summary>A real silo host on PostgreSQL (<see cref="PostgresSilo.UsePostgres(ISiloBuilder, string, bool)"/>) with
/// the production customer grain, the PostgreSQL journal and its dispatchers, on its own free ports of 127.0.0.1.</summary>
public sealed class PostgresSiloHost : IAsyncDisposable
{
    private bool _stopped;

    private PostgresSiloHost(IHost host, int siloPort, int gatewayPort)
    {
        Host = host;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
    }

    public IHost Host { get; }
    public int SiloPort { get; }
    public int GatewayPort { get; }
    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<PostgresSiloHost> StartAsync(string connectionString, string clusterId, string serviceId,
        Action<ISiloBuilder>? configure = null)
    {
        var ports = FreePorts.Take(2);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (Environment.GetEnvironmentVariable("CRM_TEST_LOG") == "1") // silent unless asked, for diagnosing a failure
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        builder.UseOrleans(silo =>
        {
            silo.UsePostgres(connectionString);
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = serviceId;
            });
            silo.ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1]);
            silo.ConfigureServices(services =>
            {
                services.AddCustomerGrainServices();
                services.AddPostgresJournal(connectionString);
                services.AddHostedService<JournalQueueKeeper>();
            });
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.StartAsync(timeout.Token);
        return new PostgresSiloHost(host, ports[0], ports[1]);
    }

    /// <summary>Appends changes to the journal (as an API node does) and waits until every customer named applied them.</summary>
    public async Task<JournalAppendResult> IngestAsync(params CustomerChange[] changes)
    {
        var result = await Host.Services.GetRequiredService<IJournal>().AppendAsync(changes, default);
        if (result.HasConflicts) throw new InvalidOperationException("The journal refused the batch.");
        if (result.Appended == 0) return result;
        foreach (var g in changes.Select((c, i) => (c.CustomerId, i)).GroupBy(x => x.CustomerId))
            if (!await Grains.GetGrain<ICustomerGrain>(g.Key).WaitApplied(result.PositionOf(g.Max(x => x.i)), TimeSpan.FromSeconds(30)))
                throw new TimeoutException($"Customer {g.Key} did not apply the batch within 30 s.");
        return result;
    }

    /// <summary>Graceful shutdown: the silo leaves the cluster and marks itself Dead.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Host.Dispose();
        }
    }
}
