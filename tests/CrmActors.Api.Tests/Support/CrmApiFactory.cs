using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmActors.Api.Auth;
using CrmActors.Persistence.InMemory;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmActors.Api.Tests.Support;

/// <summary>The real application — API and co-hosted Orleans silo — in this process, on free Orleans ports, with the
/// business clock replaced by a <see cref="ManualClock"/> starting at <see cref="BankDates.Start"/>. Embedded mode,
/// so the demo identities of the contract are there.</summary>
public class CrmApiFactory : WebApplicationFactory<Program>
{
    private readonly int[] _ports = FreePorts.Take(2);
    private readonly Action<IServiceCollection>? _services;

    public CrmApiFactory() : this(null) { }

    /// <summary>For a host with some services replaced (e.g. a journal that fails).</summary>
    protected CrmApiFactory(Action<IServiceCollection>? services) => _services = services;
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new();

    public ManualClock Clock { get; } = new(BankDates.Start);

    public int SiloPort => _ports[0];

    public int GatewayPort => _ports[1];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in Settings()) builder.UseSetting(key, value);
        builder.UseEnvironment("Test");
        builder.UseSetting("Orleans:SiloPort", _ports[0].ToString());
        builder.UseSetting("Orleans:GatewayPort", _ports[1].ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(services);
        });
    }

    /// <summary>Configuration of this host beyond the defaults (a run mode, ingest keys).</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => Client();

    /// <summary>A client of the test server that, after an ingest answered 202, waits until the journal's dispatchers
    /// have delivered everything appended (a read right after a 202 may lag: docs/architecture.md gives the bound),
    /// so a scenario reads what it wrote.</summary>
    private HttpClient Client() => CreateDefaultClient(new SettleAfterIngest(this));

    /// <summary>How many journal changes the dispatchers have not delivered yet.</summary>
    public virtual Task<long> UndeliveredAsync() => Task.FromResult((long)Services.GetRequiredService<InMemoryJournal>().Pending);

    /// <summary>Waits until everything journaled so far is delivered to the customers.</summary>
    public async Task SettleAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long left;
        while ((left = await UndeliveredAsync()) > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{left} journal changes still undelivered after 30 s");
            await Task.Delay(5);
        }
    }

    private sealed class SettleAfterIngest(CrmApiFactory host) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (response.StatusCode == System.Net.HttpStatusCode.Accepted) await host.SettleAsync();
            return response;
        }
    }

    /// <summary>A client that sends <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public HttpClient WithApiKey(string key = DemoIdentities.IngestApiKey)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    /// <summary>A client signed in as a demo staff member (token from POST /api/v1/auth/token, cached per user).</summary>
    public async Task<HttpClient> AsStaff(string username)
    {
        var token = await _tokens.GetOrAdd(username, SignIn);
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<string> SignIn(string username)
    {
        using var response = await CreateClient().PostAsJsonAsync("/api/v1/auth/token",
            new { username, password = DemoIdentities.Password });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }
}
