using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CrmActors.Screens.Tests.Support;

namespace CrmActors.Screens.Tests;

/// <summary>Which visits and upgrades become alerts (star-model §5), through the public endpoints. Each test uses
/// branches of its own.</summary>
[Collection(ScreensCollection.Name)]
public sealed class DeskRuleTests(ScreensHost host)
{
    private static string NewBranch() => "T" + Guid.NewGuid().ToString("N")[..8];

    private async Task<List<JsonElement>> Alerts(string branch)
    {
        using var admin = await host.AsStaff("admin");
        var feed = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/desks/{branch}/alerts?since=0")).RootElement;
        return [.. feed.GetProperty("alerts").EnumerateArray()];
    }

    [Fact]
    public async Task The_alert_level_is_5_by_default_and_an_admin_may_set_it_per_branch()
    {
        string strict = NewBranch(), usual = NewBranch();
        using var admin = await host.AsStaff("admin");
        using (var set = await admin.PutAsJsonAsync($"/api/v1/desks/{strict}/alert-level", new { alertLevel = "7" }))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using (var bad = await admin.PutAsJsonAsync($"/api/v1/desks/{strict}/alert-level", new { alertLevel = "quasi" }))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"7\"", await admin.GetStringAsync($"/api/v1/desks/{strict}/alert-level"));
        Assert.Contains("\"5\"", await admin.GetStringAsync($"/api/v1/desks/{usual}/alert-level"));

        var vip = await Bank.SixStar(host);
        await Bank.Visit(host, vip, strict);
        await Bank.Visit(host, vip, usual);
        Assert.Empty(await Alerts(strict));
        var alert = Assert.Single(await Alerts(usual));
        Assert.Equal("visit", alert.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task A_customer_below_the_level_seen_at_the_branch_alerts_when_upgraded()
    {
        string branch = NewBranch();
        var customer = await Bank.ThreeStar(host, "M009");
        await Bank.Visit(host, customer, branch);
        Assert.Empty(await Alerts(branch)); // 3 stars < 5: a visit alone is no alert
        await Bank.LiftToFourStars(host, customer);
        var alert = Assert.Single(await Alerts(branch));
        Assert.Equal("upgrade", alert.GetProperty("kind").GetString());
        Assert.Equal("3", alert.GetProperty("oldStar").GetString());
        Assert.Equal("4", alert.GetProperty("serviceStar").GetString());
        Assert.Equal("points", alert.GetProperty("cause").GetString());
    }

    [Fact]
    public async Task A_customer_identified_twice_while_the_alert_is_new_raises_one_alert()
    {
        string branch = NewBranch();
        var vip = await Bank.SixStar(host);
        await host.Ingest(Ev.Visit(vip, host.Now, branch, "kiosk"));
        await host.Ingest(Ev.Visit(vip, host.Now, branch, "counter"));
        var alert = Assert.Single(await Alerts(branch));
        Assert.Equal("kiosk", alert.GetProperty("channel").GetString());

        // Once served, the next visit is a new arrival.
        using var admin = await host.AsStaff("admin");
        using (var served = await admin.PostAsync($"/api/v1/desks/{branch}/alerts/{alert.GetProperty("alertId").GetInt64()}/serve", null))
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        await host.Ingest(Ev.Visit(vip, host.Now, branch, "counter"));
        Assert.Equal(2, (await Alerts(branch)).Count);
        using var unknown = await admin.PostAsync($"/api/v1/desks/{branch}/alerts/999999/acknowledge", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
