using System.Net.Http.Json;
using CrmActors.Screens.Tests.Support;
using Microsoft.Playwright;

namespace CrmActors.Screens.Tests;

/// <summary>docs/contract-extension-outlook.md on the screens, in Chromium against a real server: the RM desk's "at risk
/// on &lt;date&gt;" panel and retention signals, live; the teller card's "what lifts this customer's star".</summary>
[Collection(ScreensCollection.Name)]
public sealed class OutlookPageTests(ScreensHost host, Browser browser)
{
    private DateTimeOffset LastRatingDay
    {
        get
        {
            var local = host.Now.ToOffset(TimeSpan.FromHours(8));
            return new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, TimeSpan.FromHours(8));
        }
    }

    /// <summary>6,060 points on the last rating day (5 stars); the 6,000 of card spending leave the window before the
    /// next one: 60 points (3 stars) projected, 1,940 to keep, cheapest lift 248,500 CNY of card spending today.</summary>
    private async Task<string> AtRisk(string managerId, string name, string homeBranch = "B900")
    {
        var id = Bank.NewCustomerId("RISK");
        await host.Ingest(
            Ev.Profile(id, host.Now.AddDays(-300), homeBranchId: homeBranch, managerId: managerId, displayName: name),
            Ev.Balance(id, host.Now.AddDays(-300), 6_000m, "longTermAssets"),
            Ev.Fee(id, LastRatingDay.AddDays(-170), "cardSpending", 150_000m));
        return id;
    }

    [Fact]
    public async Task The_RM_desk_shows_a_customer_entering_the_at_risk_panel_live_with_points_to_keep_and_the_best_lift_and_a_retention_signal()
    {
        var page = await browser.SignedIn(host, "rm-m001");
        try
        {
            var risky = await AtRisk("M001", "周小燕");
            var row = $"#at-risk tr[data-customer='{risky}']";
            await page.WaitForSelectorAsync(row, new() { Timeout = 3_000 });
            Assert.Equal("1,940.00", await page.InnerTextAsync($"{row} [data-field=pointsToKeep]"));
            Assert.Equal("今天办理一笔 248,500.00 元的刷卡消费（全额手续费）", await page.InnerTextAsync($"{row} [data-field=bestLift]"));
            var next = LastRatingDay.AddMonths(1);
            Assert.Equal($"{next.Month}月{next.Day}日 评级日将降级的客户", await page.InnerTextAsync("#at-risk-title"));

            // A 6-star customer of M001 takes 40 % of their assets out today: a retention signal, live.
            var vip = await Bank.SixStar(host, prefix: "OUT", name: "钱多多", managerId: "M001");
            await host.Ingest(Ev.Balance(vip, host.Now, 480_000m));
            var signal = $"#retention li[data-customer='{vip}'][data-kind='largeOutflow']";
            await page.WaitForSelectorAsync(signal, new() { Timeout = 3_000 });
            Assert.Contains("资产由 800,000.00 元降至 480,000.00 元", await page.InnerTextAsync(signal));
            await Screenshots.Save(page, "rm-desk-at-risk");

            await page.ClickAsync("[data-lang-toggle]");
            Assert.StartsWith("At risk on ", await page.InnerTextAsync("#at-risk-title"));
            Assert.Equal("one Card spending transaction of 248,500.00 CNY today at full fee", await page.InnerTextAsync($"{row} [data-field=bestLift]"));
            Assert.Contains("Large outflow: assets fell from 800,000.00 to 480,000.00 CNY", await page.InnerTextAsync(signal));
            await Screenshots.Save(page, "rm-desk-at-risk-en");
            await page.ClickAsync("[data-lang-toggle]");

            // 48,500 CNY of card spending today keeps the 5 stars: the customer leaves the panel (tierSafe), live.
            await host.Ingest(Ev.Fee(risky, host.Now, "cardSpending", 48_500m));
            await page.WaitForSelectorAsync(row, new() { State = WaitForSelectorState.Detached, Timeout = 3_000 });
        }
        finally
        {
            await Browser.Close(page);
        }
    }

    [Fact]
    public async Task A_retention_signal_raised_while_no_page_was_open_is_listed_when_the_RM_opens_the_desk_once()
    {
        // M002's 6-star customer takes 40 % out while nobody of M002 watches: nothing to push to.
        var vip = await Bank.SixStar(host, prefix: "LATE", name: "孙晚到", managerId: "M002");
        await host.Ingest(Ev.Balance(vip, host.Now, 480_000m));
        using var rm = await host.AsStaff("rm-m002");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var kept = await rm.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/portfolios/M002/retention-risks");
            if (kept.GetProperty("signals").EnumerateArray().Any(s => s.GetProperty("customerId").GetString() == vip)) break;
            Assert.True(DateTime.UtcNow < deadline, "the portfolio did not keep the signal within 10 s");
            await Task.Delay(100);
        }

        var page = await browser.SignedIn(host, "rm-m002");
        try
        {
            var signal = $"#retention li[data-customer='{vip}'][data-kind='largeOutflow']";
            await page.WaitForSelectorAsync(signal, new() { Timeout = 5_000 });
            Assert.Contains("资产由 800,000.00 元降至 480,000.00 元", await page.InnerTextAsync(signal));
            Assert.Equal(1, await page.Locator(signal).CountAsync());
        }
        finally
        {
            await Browser.Close(page);
        }
    }

    [Fact]
    public async Task The_teller_card_says_in_words_the_two_cheapest_ways_to_lift_the_customer()
    {
        var customer = await AtRisk("M002", "孙小美", homeBranch: "B001");
        var page = await browser.SignedIn(host, "teller-b001");
        try
        {
            await page.FillAsync("#lookup-id", customer);
            await page.ClickAsync("#lookup-form button");
            var lines = page.Locator("[data-field=lifts] li");
            await page.WaitForSelectorAsync("[data-field=lifts] li");
            Assert.Equal(2, await lines.CountAsync());
            Assert.Equal("今天办理一笔 248,500.00 元的刷卡消费（全额手续费） — 可达 6星级", await lines.Nth(0).InnerTextAsync());
            Assert.Equal("今天办理一笔 497,000.00 元的投资交易（全额手续费） — 可达 6星级", await lines.Nth(1).InnerTextAsync());
            Assert.Equal("如何提升该客户星级", await page.InnerTextAsync(".customer h3:has-text('如何提升')"));
            await Screenshots.Save(page, "frontdesk-lift");
        }
        finally
        {
            await Browser.Close(page);
        }
    }
}
