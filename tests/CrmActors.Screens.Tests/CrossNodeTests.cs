using CrmActors.Screens.Tests.Support;

namespace CrmActors.Screens.Tests;

/// <summary>Two API nodes, each co-hosting a silo of one shared cluster (localhost clustering, node 2 joining node 1's
/// silo): a screen on node 1 gets the alert for an event ingested through node 2.</summary>
[Collection(ScreensCollection.Name)]
public sealed class CrossNodeTests(Browser browser)
{
    [Fact]
    public async Task A_teller_on_node_1_gets_the_alert_for_a_visit_ingested_through_node_2()
    {
        var clock = new ManualClock(ScreensHost.Start);
        var journal = new CrmActors.Persistence.InMemory.InMemoryJournal();
        await using var node1 = ScreensHost.Node(clock, primarySiloPort: null, journal);
        await using var node2 = ScreensHost.Node(clock, primarySiloPort: node1.SiloPort, journal);
        await node1.WaitForSilos(2, TimeSpan.FromSeconds(60));
        await node2.WaitForSilos(2, TimeSpan.FromSeconds(60));

        var page = await browser.SignedIn(node1, "teller-b001");
        await using var onNode2 = await HubClient.Connect(node2, "teller-b001");
        try
        {
            // Several customers, so their grains (and the desk's) land on both silos.
            var vips = new List<string>();
            for (int i = 0; i < 4; i++) vips.Add(await Bank.SixStar(node2, prefix: "XN"));
            foreach (var vip in vips)
            {
                await Bank.Visit(node2, vip, "B001");
                await page.WaitForSelectorAsync($"li.alert[data-customer='{vip}']", new() { Timeout = 5_000 });
                await onNode2.WaitFor("vipAlert", vip, TimeSpan.FromSeconds(5));
            }
            Assert.Equal(4, await page.Locator("li.alert[data-customer^='XN']").CountAsync());
        }
        finally
        {
            await Browser.Close(page);
        }
    }
}
