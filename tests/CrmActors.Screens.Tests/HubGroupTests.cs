using System.Net.Http.Json;
using System.Net;
using CrmActors.Screens.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace CrmActors.Screens.Tests;

/// <summary>The hub's group rules with SignalR .NET clients: a connection joins only what its identity allows.</summary>
[Collection(ScreensCollection.Name)]
public sealed class HubGroupTests(ScreensHost host)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_teller_gets_the_alerts_of_their_branch_only()
    {
        await using var b1 = await HubClient.Connect(host, "teller-b001");
        await using var b2 = await HubClient.Connect(host, "teller-b002");
        var x = await Bank.SixStar(host);
        var y = await Bank.SixStar(host);
        await Bank.Visit(host, x, "B001");
        await Bank.Visit(host, y, "B002");

        var alert = await b1.WaitFor("vipAlert", x, Soon);
        Assert.Equal("B001", alert.GetProperty("branchId").GetString());
        Assert.Equal("6", alert.GetProperty("serviceStar").GetString());
        Assert.Equal("visit", alert.GetProperty("kind").GetString());
        Assert.True(alert.GetProperty("seq").GetInt64() > 0);
        Assert.True(alert.TryGetProperty("occurredAt", out _));
        await b2.WaitFor("vipAlert", y, Soon);
        await Task.Delay(Quiet);
        Assert.Null(b1.Find("vipAlert", y));
        Assert.Null(b2.Find("vipAlert", x));
    }

    [Fact]
    public async Task A_teller_cannot_choose_another_branch()
    {
        await using var b1 = await HubClient.Connect(host, "teller-b001");
        var refused = await Assert.ThrowsAsync<HubException>(() => b1.Connection.InvokeAsync<object>("WatchBranch", "B002"));
        Assert.Contains("Only an admin", refused.Message);
        var hello = await b1.Connection.InvokeAsync<System.Text.Json.JsonElement>("Hello");
        Assert.Equal("desk:B001", Assert.Single(hello.GetProperty("watching").EnumerateArray()).GetString());

        var y = await Bank.SixStar(host);
        await Bank.Visit(host, y, "B002");
        await Task.Delay(Quiet + Quiet);
        Assert.Null(b1.Find("vipAlert", y));
    }

    [Fact]
    public async Task A_manager_gets_the_star_changes_of_their_portfolio_only()
    {
        await using var m1 = await HubClient.Connect(host, "rm-m001");
        await using var m2 = await HubClient.Connect(host, "rm-m002");
        var mine = await Bank.ThreeStar(host, "M001");
        var theirs = await Bank.ThreeStar(host, "M002");
        await Bank.LiftToFourStars(host, mine);
        await Bank.LiftToFourStars(host, theirs);

        await m1.WaitFor("starChanged", mine, Soon);
        await m2.WaitFor("starChanged", theirs, Soon);
        await Task.Delay(Quiet);
        Assert.DoesNotContain(m1.Received, r => r.Message.TryGetProperty("customerId", out var c) && c.GetString() == theirs);
        Assert.DoesNotContain(m2.Received, r => r.Message.TryGetProperty("customerId", out var c) && c.GetString() == mine);
        // Neither gets branch alerts, nor may choose a portfolio.
        Assert.DoesNotContain(m1.Received, r => r.Method == "vipAlert");
        await Assert.ThrowsAsync<HubException>(() => m1.Connection.InvokeAsync<object>("WatchPortfolio", "M002"));
    }

    [Fact]
    public async Task An_admin_watches_what_they_choose()
    {
        await using var admin = await HubClient.Connect(host, "admin");
        var hello = await admin.Connection.InvokeAsync<System.Text.Json.JsonElement>("WatchBranch", "B002");
        Assert.Equal("desk:B002", Assert.Single(hello.GetProperty("watching").EnumerateArray()).GetString());
        var y = await Bank.SixStar(host);
        await Bank.Visit(host, y, "B002");
        await admin.WaitFor("vipAlert", y, Soon);

        await admin.Connection.InvokeAsync<System.Text.Json.JsonElement>("WatchPortfolio", "M002");
        var theirs = await Bank.ThreeStar(host, "M002");
        await Bank.LiftToFourStars(host, theirs);
        await admin.WaitFor("starChanged", theirs, Soon);
        var z = await Bank.SixStar(host);
        await Bank.Visit(host, z, "B002");
        await Task.Delay(Quiet);
        Assert.Null(admin.Find("vipAlert", z)); // switched away from B002
    }

    [Fact]
    public async Task Without_a_staff_identity_the_hub_refuses_the_connection()
    {
        var anonymous = await Assert.ThrowsAsync<HttpRequestException>(() => HubClient.Connect(host, null));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var ingest = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, "/hubs/frontdesk"), o => o.Headers["Authorization"] = "ApiKey demo-ingest-key")
            .Build();
        var forbidden = await Assert.ThrowsAsync<HttpRequestException>(() => ingest.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        await ingest.DisposeAsync();
    }

    [Fact]
    public async Task Catch_up_returns_what_came_after_a_sequence_number_and_access_follows_the_branch()
    {
        using var teller = await host.AsStaff("teller-b001");
        var before = System.Text.Json.JsonDocument.Parse(await teller.GetStringAsync("/api/v1/desks/B001/alerts?since=0")).RootElement;
        string epoch = before.GetProperty("epoch").GetString()!;
        long last = before.GetProperty("lastSeq").GetInt64();
        var x = await Bank.SixStar(host);
        await Bank.Visit(host, x, "B001");
        var after = System.Text.Json.JsonDocument.Parse(await teller.GetStringAsync($"/api/v1/desks/B001/alerts?since={last}&epoch={epoch}")).RootElement;
        var alerts = after.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Contains(alerts, a => a.GetProperty("customerId").GetString() == x);
        Assert.All(alerts, a => Assert.True(a.GetProperty("stateSeq").GetInt64() > last));

        using var other = await teller.GetAsync("/api/v1/desks/B002/alerts");
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        using var level = await teller.PutAsJsonAsync("/api/v1/desks/B001/alert-level", new { alertLevel = "6" });
        Assert.Equal(HttpStatusCode.Forbidden, level.StatusCode);
    }
}
