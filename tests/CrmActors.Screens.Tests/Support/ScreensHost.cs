using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmActors.Api.Auth;
using CrmActors.Api.Security;
using CrmActors.Persistence.InMemory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmActors.Screens.Tests.Support;

/// <summary>The real application — API, pages, hub and co-hosted Orleans silo — on a real Kestrel server at
/// 127.0.0.1 on a free port (browsers and SignalR clients connect to it as to production). The business clock is a
/// <see cref="ManualClock"/> (shared by every node of a test). <paramref name="primarySiloPort"/> makes this node join
/// another node's cluster.</summary>
public class ScreensHost : WebApplicationFactory<Program>
{
    /// <summary>Mid-month in bank time, far from a rating day.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 16, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly int[] _ports = FreePorts.Take(3);
    private readonly int? _primarySiloPort;
    private readonly InMemoryJournal? _sharedJournal;
    private readonly Dictionary<string, string> _tokens = [];

    public ScreensHost() : this(new ManualClock(Start), null) { }

    /// <summary>A node of its own (the cross-node test): its own clock or one shared with other nodes. Nodes of one
    /// cluster share one journal (<paramref name="journal"/>): without a database, that is only possible within one
    /// process, as here.</summary>
    public static ScreensHost Node(ManualClock clock, int? primarySiloPort, InMemoryJournal journal) => new(clock, primarySiloPort, journal);

    private ScreensHost(ManualClock clock, int? primarySiloPort, InMemoryJournal? sharedJournal = null)
    {
        Clock = clock;
        _primarySiloPort = primarySiloPort;
        _sharedJournal = sharedJournal;
        UseKestrel(o => o.Listen(IPAddress.Loopback, _ports[0]));
        StartServer();
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public ManualClock Clock { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{_ports[0]}");

    public int SiloPort => _ports[1];

    /// <summary>A plain client of the server (no credentials).</summary>
    public HttpClient Http { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Test");
        builder.UseSetting("urls", BaseAddress.ToString());
        builder.UseSetting("Orleans:SiloPort", _ports[1].ToString());
        builder.UseSetting("Orleans:GatewayPort", _ports[2].ToString());
        if (_primarySiloPort is { } primary) builder.UseSetting("Orleans:PrimarySiloPort", primary.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Orleans", "Error");
        // Every page signs in from 127.0.0.1, several times a minute as the same teller: lift the sign-in limits
        // (their own tests are in CrmActors.Api.Tests).
        builder.UseSetting(SignInLimitOptions.PermitsPerUsernameKey, "1000");
        builder.UseSetting(SignInLimitOptions.PermitsPerClientKey, "1000");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (_sharedJournal is not null)
            {
                services.RemoveAll<InMemoryJournal>();
                services.AddSingleton(_sharedJournal);
            }
        });
    }

    /// <summary>POST /api/v1/events with the demo ingest key; asserts 202.</summary>
    public async Task Ingest(params JsonNode[] events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = JsonContent.Create(Ev.Batch(events)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", DemoIdentities.IngestApiKey);
        using var response = await Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"ingest: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        // A read right after a 202 may lag (the journal's dispatchers deliver): the scenario waits for delivery.
        var journal = Services.GetRequiredService<InMemoryJournal>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (journal.Pending > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{journal.Pending} journal changes undelivered after 20 s");
            await Task.Delay(5);
        }
    }

    /// <summary>A demo staff member's bearer token (POST /api/v1/auth/token).</summary>
    public async Task<string> Token(string username)
    {
        lock (_tokens) if (_tokens.TryGetValue(username, out var cached)) return cached;
        using var response = await Http.PostAsJsonAsync("/api/v1/auth/token", new { username, password = DemoIdentities.Password });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = json.RootElement.GetProperty("accessToken").GetString()!;
        lock (_tokens) _tokens[username] = token;
        return token;
    }

    /// <summary>A client authenticated as a demo staff member with a bearer token.</summary>
    public async Task<HttpClient> AsStaff(string username)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Token(username));
        return client;
    }

    /// <summary>Waits until the cluster this node belongs to has <paramref name="count"/> active silos.</summary>
    public async Task WaitForSilos(int count, TimeSpan timeout)
    {
        var grains = Services.GetRequiredService<IGrainFactory>();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            if (hosts.Count >= count) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The cluster has {hosts.Count} active silo(s), not {count}.");
            await Task.Delay(200);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Http.Dispose();
        base.Dispose(disposing);
    }
}
