using System.Net;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains;
using CrmActors.Persistence;
using CrmActors.Persistence.Journal;
using CrmActors.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace CrmActors.Durability.Tests.Support;

/// <summary>A durable silo inside the test process, on free ports: either exactly the production configuration
/// (<see cref="DurableSilo.UseDurableDefaults"/>: dispatchers and maintenance running), or the same storage and
/// journal reader without dispatchers, so a test decides what reaches the grains and when.</summary>
public sealed class SiloHost : IAsyncDisposable
{
    private SiloHost(IHost host) => Host = host;

    public IHost Host { get; }
    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<SiloHost> StartAsync(string connectionString, bool dispatchers = true,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ports = FreePorts(2);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);   // e.g. Durable:SnapshotPeriodSeconds
        if (Environment.GetEnvironmentVariable("CRM_TEST_LOG") == "1")
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        builder.UseOrleans(silo =>
        {
            if (dispatchers)
            {
                silo.UseDurableDefaults(connectionString, ports[0], ports[1]);
                return;
            }
            silo.Configure<ClusterOptions>(o => { o.ClusterId = DurableSilo.ClusterId; o.ServiceId = DurableSilo.ServiceId; });
            silo.ConfigureEndpoints(IPAddress.Loopback, ports[0], ports[1], listenOnAnyHostAddress: false);
            silo.UsePostgres(connectionString);
            silo.ConfigureServices(services =>
            {
                services.AddCustomerGrainServices();
                services.AddPostgresJournal(connectionString);
            });
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.StartAsync(timeout.Token);
        return new SiloHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await Host.StopAsync(timeout.Token);
        }
        finally
        {
            Host.Dispose();
        }
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}
