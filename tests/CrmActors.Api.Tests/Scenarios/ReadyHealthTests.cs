using System.Net;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Api.Tests.Support;
using CrmActors.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Issue 13: /health/ready means something — Degraded (still 200: the engine takes and applies events) once a
/// change was set aside. A host of its own: the shared one's dead letters would make every ready check degraded.</summary>
public sealed class ReadyHealthTests : IAsyncLifetime
{
    private readonly CrmApiFactory _api = new();

    [Fact]
    public async Task Ready_is_degraded_once_a_change_is_set_aside()
    {
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await Ready());

        var customer = Ev.NewId("dl");
        var now = _api.Clock.GetUtcNow();
        var poison = new BalanceEvent
        {
            CustomerId = customer, Producer = "outside", ChangeId = "huge", OccurredAt = now.AddDays(-2),
            AccountId = "A", Indicator = BalanceIndicator.ShortTermAssets, Balance = LedgerDomain.MaxMoney * 1_000m,
        };
        await _api.Services.GetRequiredService<IJournal>().AppendAsync([poison], default);
        await _api.SettleAsync();

        Assert.Equal((HttpStatusCode.OK, "Degraded"), await Ready());
    }

    private async Task<(HttpStatusCode, string)> Ready()
    {
        using var response = await _api.Anonymous().GetAsync("/health/ready");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();
}
