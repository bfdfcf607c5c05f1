using System.Net;
using System.Net.Sockets;
using CrmActors.Api.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CrmActors.Simulator.Tests.Support;

/// <summary>The real engine — API with its co-hosted Orleans silo, embedded default, demo identities — in this process,
/// on free Orleans ports, with the system clock (the simulator's events are laid out up to now).</summary>
public sealed class EngineFactory : WebApplicationFactory<Program>
{
    public const string Url = "http://localhost";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var ports = FreePorts(2);
        builder.UseEnvironment("Test");
        builder.UseSetting("Orleans:SiloPort", ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:GatewayPort", ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // At the end of the run the silo stops under grains that still write their state; Orleans warns of each
        // undeliverable write, hundreds of lines that say nothing about the simulator.
        builder.UseSetting("Logging:LogLevel:Orleans", "Error");
        // A 503 in these tests comes from the test's own handler; the engine's Retry-After is not what is measured.
        builder.UseSetting("Ingest:RetryAfterSeconds", "1");
        // Every verification signs in as admin (seven in a run, often within a minute): lift the sign-in limits (their
        // own tests are in CrmActors.Api.Tests).
        builder.UseSetting(SignInLimitOptions.PermitsPerUsernameKey, "1000");
        builder.UseSetting(SignInLimitOptions.PermitsPerClientKey, "1000");
    }

    /// <summary>A client to the in-process engine, through <paramref name="handlers"/> (outermost first).</summary>
    public HttpClient Client(params DelegatingHandler[] handlers)
    {
        var client = CreateDefaultClient(new Uri(Url + "/"), handlers);
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    /// <summary>An ingest client (demo API key).</summary>
    public HttpClient Ingest(params DelegatingHandler[] handlers)
    {
        var client = Client(handlers);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey demo-ingest-key");
        return client;
    }

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}

/// <summary>Tests that share one engine; each uses its own customer-id prefix, so their order does not matter.</summary>
[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<EngineFactory>
{
    public const string Name = "engine";
}
