using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmActors.Api.Auth;
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

    /// <summary>A client with no credentials.</summary>
    public HttpClient Anonymous() => CreateClient();

    /// <summary>A client that sends <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public HttpClient WithApiKey(string key = DemoIdentities.IngestApiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    /// <summary>A client signed in as a demo staff member (token from POST /api/v1/auth/token, cached per user).</summary>
    public async Task<HttpClient> AsStaff(string username)
    {
        var token = await _tokens.GetOrAdd(username, SignIn);
        var client = CreateClient();
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
