using CrmActors.Screens.Tests.Support;
using Microsoft.Playwright;

namespace CrmActors.Screens.Tests;

/// <summary>The relationship-manager desk in a real browser against a real server.</summary>
[Collection(ScreensCollection.Name)]
public sealed class PortfolioPageTests(ScreensHost host, Browser browser)
{
    private static string Notice(string customerId, string newStar) => $"li.notice[data-customer='{customerId}'][data-new='{newStar}']";

    [Fact]
    public async Task A_manager_sees_the_upgrade_of_their_customer_from_3_to_4_stars_and_not_another_managers_customer()
    {
        var mine = await Bank.ThreeStar(host, "M001", name: "李小龙");
        var theirs = await Bank.ThreeStar(host, "M002", name: "陈大文");
        var m1 = await browser.SignedIn(host, "rm-m001");
        var m2 = await browser.SignedIn(host, "rm-m002");
        try
        {
            // Already in the portfolio with 3 stars (the notification of 0 → 3 came before the page: caught up).
            await m1.WaitForSelectorAsync($"#portfolio tr[data-customer='{mine}'] td[data-star='3']");

            await Bank.LiftToFourStars(host, mine);
            await m1.WaitForSelectorAsync(Notice(mine, "4"), new() { Timeout = 2_000 });
            var text = await m1.Locator(Notice(mine, "4")).InnerTextAsync();
            Assert.Contains("3星级 → 4星级", text);
            Assert.Contains("李小龙", text);
            await m1.WaitForSelectorAsync($"#portfolio tr[data-customer='{mine}'] td[data-star='4']");

            await Bank.LiftToFourStars(host, theirs);
            await m2.WaitForSelectorAsync(Notice(theirs, "4"), new() { Timeout = 2_000 });
            await m1.WaitForTimeoutAsync(300);
            Assert.Equal(0, await m1.Locator($"[data-customer='{theirs}']").CountAsync());
            Assert.Equal(0, await m2.Locator($"[data-customer='{mine}']").CountAsync());
            await Screenshots.Save(m1, "rm-desk");
        }
        finally
        {
            await Browser.Close(m1, m2);
        }
    }

    [Fact]
    public async Task Opportunities_list_the_customers_closest_to_their_next_star_first()
    {
        var manager = "M001";
        var far = await Bank.ThreeStar(host, manager, name: "远客户");       // 80 points: 420 short of 500 (84 %)
        var near = await Bank.ThreeStar(host, manager, name: "近客户");      // 80 + 400 = 480 points: 20 short (4 %)
        await host.Ingest(Ev.Fee(near, host.Now, "investment", 20_000m));
        using var rm = await host.AsStaff("rm-m001");
        var json = await rm.GetStringAsync($"/api/v1/portfolios/{manager}");
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        var ids = doc.RootElement.GetProperty("opportunities").EnumerateArray().Select(o => o.GetProperty("customerId").GetString()).ToList();
        Assert.True(ids.IndexOf(near) >= 0 && ids.IndexOf(near) < ids.IndexOf(far), json);
        var o = doc.RootElement.GetProperty("opportunities").EnumerateArray().First(x => x.GetProperty("customerId").GetString() == near);
        Assert.Equal(20.00m, o.GetProperty("pointsNeeded").GetDecimal());
        Assert.Equal(0.04m, o.GetProperty("shareNeeded").GetDecimal());

        var page = await browser.SignedIn(host, "rm-m001", language: "en");
        try
        {
            await page.WaitForSelectorAsync($"#opportunities tr[data-customer='{near}']");
            Assert.Equal("Opportunities (closest to the next star)", await page.InnerTextAsync("[data-i18n='rm.opportunities']"));
        }
        finally
        {
            await Browser.Close(page);
        }
    }
}
