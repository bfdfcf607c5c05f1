using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace CrmActors.Screens.Tests.Support;

/// <summary>A SignalR .NET client of /hubs/frontdesk that records every message it receives.</summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Method, JsonElement Message)> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private HubClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var method in new[] { "vipAlert", "alertHandled", "starChanged", "portfolioChanged", "ruleImpact" })
            connection.On<JsonElement>(method, message =>
            {
                _received.Enqueue((method, message));
                _arrived.Release();
            });
    }

    public HubConnection Connection { get; }

    public IReadOnlyCollection<(string Method, JsonElement Message)> Received => [.. _received];

    /// <summary>Connects as a demo staff member (bearer token) and waits for Hello: the groups are joined then.</summary>
    public static async Task<HubClient> Connect(ScreensHost host, string? username)
    {
        string? token = username is null ? null : await host.Token(username);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/frontdesk"), o =>
            {
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        await connection.InvokeAsync<JsonElement>("Hello");
        return client;
    }

    /// <summary>The first message of <paramref name="method"/> about <paramref name="customerId"/>.</summary>
    public async Task<JsonElement> WaitFor(string method, string customerId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Find(method, customerId) is { } found) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"No {method} for {customerId} within {timeout.TotalMilliseconds} ms.");
            await _arrived.WaitAsync(left);
        }
    }

    public JsonElement? Find(string method, string customerId) =>
        _received.Where(r => r.Method == method && r.Message.TryGetProperty("customerId", out var c) && c.GetString() == customerId)
            .Select(r => (JsonElement?)r.Message).FirstOrDefault();

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
