using System.Net;
using System.Net.Http.Json;
using CrmActors.Screens.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace CrmActors.Screens.Tests;

/// <summary>Issue 12: the admin's rule set page shows the live impact of a proposed version in a real browser, in
/// Chinese and English, and follows a customer whose move changes while the page is open.</summary>
[Collection(ScreensCollection.Name)]
public sealed class RulesPageTests(ScreensHost host, Browser browser)
{
    [Fact]
    public async Task The_impact_table_of_a_proposed_version_updates_live_in_both_languages()
    {
        using var admin = await host.AsStaff("admin");
        string version = $"page-{Guid.NewGuid():N}"[..12];
        var proposed = await admin.PostAsJsonAsync("/api/v1/rule-sets", new { version, rates = new { cardSpending = 800 } });
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var zh = await browser.SignedIn(host, "admin");
        var en = await browser.SignedIn(host, "admin", language: "en");
        try
        {
            // 30,000 CNY of card spending: 4 stars now, 5 under the proposal.
            string customer = Ev.NewId("rules");
            await host.Ingest(Ev.Fee(customer, host.Now.AddDays(-2), "cardSpending", 30_000m));
            using (var read = await admin.GetAsync($"/api/v1/customers/{customer}")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);   // computed
            await zh.GotoAsync("/rules.html");
            await en.GotoAsync("/rules.html");
            await zh.WaitForSelectorAsync($"#moves tr[data-customer='{customer}']");
            await zh.WaitForSelectorAsync("#transitions tr[data-from='4'][data-to='5']");
            Assert.Contains("4星级", await zh.Locator($"#moves tr[data-customer='{customer}']").InnerTextAsync());
            Assert.Contains("影子试算", await zh.Locator($"#versions tr[data-version='{version}']").InnerTextAsync());
            Assert.Contains("Impact (live)", await en.Locator("main").InnerTextAsync());
            Assert.Contains("Shadow", await en.Locator($"#versions tr[data-version='{version}']").InnerTextAsync());

            // 101,250 CNY more: 5 stars now, 6 under the proposal — the open page follows without a reload.
            await host.Ingest(Ev.Fee(customer, host.Now.AddDays(-1), "cardSpending", 101_250m));
            using (var read = await admin.GetAsync($"/api/v1/customers/{customer}")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            await zh.WaitForSelectorAsync("#transitions tr[data-from='5'][data-to='6']", new() { Timeout = 10_000 });
            await en.WaitForSelectorAsync("#transitions tr[data-from='5'][data-to='6']", new() { Timeout = 10_000 });
            Assert.Contains("6", await en.Locator($"#moves tr[data-customer='{customer}']").InnerTextAsync());
            // The pass over every customer is shown with how many it counted.
            await zh.WaitForSelectorAsync("#impact-seed[data-state='complete']", new() { Timeout = 10_000 });
            await en.WaitForSelectorAsync("#impact-seed[data-state='complete']", new() { Timeout = 10_000 });
            Assert.Contains("已覆盖全部客户", await zh.Locator("#impact-seed").InnerTextAsync());
            Assert.Contains("Every customer is counted", await en.Locator("#impact-seed").InnerTextAsync());
            await Screenshots.Save(zh, "rules-impact");
            await Screenshots.Save(en, "rules-impact-en");
        }
        finally
        {
            await Browser.Close(zh, en);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/rule-sets/{version}")).StatusCode);
        }
    }

    [Fact]
    public async Task An_admin_watching_a_versions_impact_is_pushed_its_counts_and_no_one_else_may_watch_it()
    {
        using var admin = await host.AsStaff("admin");
        string version = $"hub-{Guid.NewGuid():N}"[..12];
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/v1/rule-sets", new { version, rates = new { cardSpending = 800 } })).StatusCode);
        try
        {
            await using var watcher = await HubClient.Connect(host, "admin");
            var hello = await watcher.Connection.InvokeAsync<System.Text.Json.JsonElement>("WatchRuleImpact", version);
            Assert.Equal($"rules:{version}", Assert.Single(hello.GetProperty("watching").EnumerateArray()).GetString());

            // A customer computed under the version by its live delivery: pushed within the push period, no read asked.
            string customer = Ev.NewId("hubimpact");
            await host.Ingest(Ev.Fee(customer, host.Now.AddDays(-2), "cardSpending", 30_000m));
            var deadline = DateTime.UtcNow.AddSeconds(5);
            System.Text.Json.JsonElement? pushed = null;
            while (pushed is null)
            {
                pushed = watcher.Received.Where(r => r.Method == "ruleImpact").Select(r => (System.Text.Json.JsonElement?)r.Message)
                    .FirstOrDefault(m => m!.Value.GetProperty("largestMoves").EnumerateArray().Any(x => x.GetProperty("customerId").GetString() == customer));
                Assert.True(pushed is not null || DateTime.UtcNow < deadline, "no ruleImpact with the customer within 5 s");
                if (pushed is null) await Task.Delay(50);
            }
            var move = pushed.Value.GetProperty("largestMoves").EnumerateArray().First(x => x.GetProperty("customerId").GetString() == customer);
            Assert.Equal(("4", "5"), (move.GetProperty("from").GetString(), move.GetProperty("to").GetString()));
            Assert.Equal(version, pushed.Value.GetProperty("version").GetString());

            // Only an admin chooses what to watch.
            await using var rm = await HubClient.Connect(host, "rm-m001");
            await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => rm.Connection.InvokeAsync<object>("WatchRuleImpact", version));
            Assert.DoesNotContain(rm.Received, r => r.Method == "ruleImpact");
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/rule-sets/{version}")).StatusCode);
        }
    }
}
