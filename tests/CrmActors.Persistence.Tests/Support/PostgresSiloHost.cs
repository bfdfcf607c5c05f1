using System.Net;
using CrmActors.Grains;
using CrmActors.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;

namespace CrmActors.Persistence.Tests.Support;

/// <summary>A real silo host on PostgreSQL (<see cref="PostgresSilo.UsePostgres(ISiloBuilder, string, bool)"/>) with
/// the production customer grain and star-change streams, on its own free ports of 127.0.0.1.</summary>
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
            silo.AddStarChangeStreams();
            silo.ConfigureServices(services => services.AddCustomerGrainServices());
            configure?.Invoke(silo);
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.StartAsync(timeout.Token);
        return new PostgresSiloHost(host, ports[0], ports[1]);
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
