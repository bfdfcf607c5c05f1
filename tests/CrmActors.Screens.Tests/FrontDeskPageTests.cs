using System.Diagnostics;
using System.Net;
using CrmActors.Api.Auth;
using CrmActors.Api.Screens;
using CrmActors.Screens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CrmActors.Screens.Tests;

/// <summary>The teller front desk in a real browser against a real server.</summary>
[Collection(ScreensCollection.Name)]
public sealed class FrontDeskPageTests(ScreensHost host, Browser browser)
{
    private static string Alert(string customerId) => $"li.alert[data-customer='{customerId}']";

    [Fact]
    public async Task Teller_of_B001_sees_a_six_star_visit_at_B001_within_a_second_and_not_one_at_B002()
    {
        var atB1 = await Bank.SixStar(host, name: "张三明");
        var atB2 = await Bank.SixStar(host, name: "王五");
        var b1 = await browser.SignedIn(host, "teller-b001");
        var b2 = await browser.SignedIn(host, "teller-b002");
        try
        {
            var watch = Stopwatch.StartNew();
            await Bank.Visit(host, atB1, "B001");
            await b1.WaitForSelectorAsync(Alert(atB1), new() { Timeout = 1_000 });
            watch.Stop();
            Assert.True(watch.ElapsedMilliseconds <= 1_000, $"alert shown after {watch.ElapsedMilliseconds} ms");

            // What the teller needs at a glance: masked name, star, what and why, privileges, what to offer.
            var card = b1.Locator(Alert(atB1));
            Assert.Equal("张*明", await card.Locator(".name").InnerTextAsync());
            Assert.Equal("★★★★★★", await card.Locator(".stars").InnerTextAsync());
            Assert.Contains("6星级", await card.Locator(".what").InnerTextAsync());
            Assert.Contains("短期资产", await card.Locator(".why").InnerTextAsync());
            Assert.Contains("财富管理中心", await card.Locator(".privileges").InnerTextAsync());
            Assert.True(await card.Locator(".chip[data-offer=platinumCreditCard]").CountAsync() == 1);

            await Bank.Visit(host, atB2, "B002");
            await b2.WaitForSelectorAsync(Alert(atB2), new() { Timeout = 1_000 });
            await b1.WaitForTimeoutAsync(300);
            Assert.Equal(0, await b1.Locator(Alert(atB2)).CountAsync());
            Assert.Equal(0, await b2.Locator(Alert(atB1)).CountAsync());

            // The page measured receive-to-render for the push.
            var ms = await b1.EvaluateAsync<double>("() => window.crmScreen.renders.filter(r => r.type === 'vipAlert').at(-1).ms");
            Assert.InRange(ms, 0, 1_000);

            // Customer lookup: star, points, breakdown, next star and points needed.
            await b1.FillAsync("#lookup-id", atB1);
            await b1.ClickAsync("#lookup-form button");
            await b1.WaitForSelectorAsync($".customer[data-customer='{atB1}']");
            Assert.Contains("10,800.00", await b1.InnerTextAsync("[data-field=points]"));
            Assert.Contains("69,200.00", await b1.InnerTextAsync("[data-field=nextStar]"));
            Assert.Contains("7星级", await b1.InnerTextAsync("[data-field=nextStar]"));
            await Screenshots.Save(b1, "frontdesk");
        }
        finally
        {
            await Browser.Close(b1, b2);
        }
    }

    [Fact]
    public async Task Acknowledge_on_one_screen_shows_on_the_other_screen_of_the_branch_at_once()
    {
        var vip = await Bank.SixStar(host, name: "赵六");
        var first = await browser.SignedIn(host, "teller-b001");
        var second = await browser.SignedIn(host, "teller-b001");
        try
        {
            await Bank.Visit(host, vip, "B001");
            await first.WaitForSelectorAsync(Alert(vip));
            await second.WaitForSelectorAsync(Alert(vip));

            await first.Locator(Alert(vip)).Locator("button.ack").ClickAsync();
            await second.WaitForSelectorAsync($"{Alert(vip)}[data-state=acknowledged]", new() { Timeout = 1_000 });
            Assert.Contains("teller-b001", await second.Locator(Alert(vip)).Locator(".handled").InnerTextAsync());

            await second.Locator(Alert(vip)).Locator("button.serve").ClickAsync();
            await first.WaitForSelectorAsync($"{Alert(vip)}[data-state=served]", new() { Timeout = 1_000 });
            Assert.True(await first.Locator(Alert(vip)).Locator("button.serve").IsDisabledAsync());
        }
        finally
        {
            await Browser.Close(first, second);
        }
    }

    [Fact]
    public async Task The_language_switch_changes_the_labels()
    {
        var page = await browser.NewPage(host);
        try
        {
            await page.GotoAsync("/");
            Assert.Equal("员工登录", await page.InnerTextAsync("h2[data-i18n='signin.title']"));
            await Screenshots.Save(page, "signin");
            await page.ClickAsync("[data-lang-toggle]");
            Assert.Equal("Staff sign-in", await page.InnerTextAsync("h2[data-i18n='signin.title']"));
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));

            await page.FillAsync("#username", "teller-b001");
            await page.FillAsync("#password", "demo");
            await page.ClickAsync("button[type=submit]");
            await Browser.WaitConnected(page);
            // The choice is kept across pages.
            Assert.Equal("VIP alerts", await page.InnerTextAsync("[data-i18n='desk.alerts']"));
            Assert.Equal("Connected", await page.InnerTextAsync("#conn-state"));
            await Screenshots.Save(page, "frontdesk-en");

            await page.ClickAsync("[data-lang-toggle]");
            Assert.Equal("VIP 提醒", await page.InnerTextAsync("[data-i18n='desk.alerts']"));
            Assert.Equal("已连接", await page.InnerTextAsync("#conn-state"));
            Assert.Equal("客户查询", await page.InnerTextAsync("[data-i18n='lookup.title']"));
        }
        finally
        {
            await Browser.Close(page);
        }
    }

    [Fact]
    public async Task A_page_survives_a_server_side_connection_drop_and_shows_what_it_missed_once()
    {
        var seen = await Bank.SixStar(host, name: "孙七");
        var missed = await Bank.SixStar(host, name: "周八");
        var page = await browser.SignedIn(host, "teller-b001");
        try
        {
            await Bank.Visit(host, seen, "B001");
            await page.WaitForSelectorAsync(Alert(seen));

            // Keep the page from reconnecting while it misses things, then drop its connection from the server.
            await page.RouteAsync("**/hubs/frontdesk/negotiate**", route => route.AbortAsync());
            int aborted = host.Services.GetRequiredService<ScreenConnections>()
                .Abort(u => u.Name() == "teller-b001");
            Assert.True(aborted >= 1);
            await page.WaitForSelectorAsync("#conn-state[data-state=reconnecting]", new() { Timeout = 5_000 });
            await Screenshots.Save(page, "frontdesk-reconnecting");

            // Missed while disconnected: a new alert, and the acknowledgement of the alert it had.
            await Bank.Visit(host, missed, "B001");
            using var teller = await host.AsStaff("teller-b001");
            int seenId = int.Parse((await page.Locator(Alert(seen)).GetAttributeAsync("data-alert-id"))!);
            using (var ack = await teller.PostAsync($"/api/v1/desks/B001/alerts/{seenId}/acknowledge", null))
                Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
            await page.WaitForTimeoutAsync(300);
            Assert.Equal(0, await page.Locator(Alert(missed)).CountAsync());

            await page.UnrouteAsync("**/hubs/frontdesk/negotiate**");
            await Browser.WaitConnected(page, 20_000);
            await page.WaitForSelectorAsync(Alert(missed), new() { Timeout = 5_000 });
            await page.WaitForSelectorAsync($"{Alert(seen)}[data-state=acknowledged]", new() { Timeout = 5_000 });
            Assert.Equal(1, await page.Locator(Alert(missed)).CountAsync());
            Assert.Equal(1, await page.Locator(Alert(seen)).CountAsync());

            // And it is live again.
            var after = await Bank.SixStar(host, name: "吴九");
            await Bank.Visit(host, after, "B001");
            await page.WaitForSelectorAsync(Alert(after), new() { Timeout = 2_000 });
        }
        finally
        {
            await Browser.Close(page);
        }
    }
}
