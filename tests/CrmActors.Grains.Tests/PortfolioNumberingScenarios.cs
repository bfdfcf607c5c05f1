using CrmActors.Abstractions;
using CrmActors.Scoring;

namespace CrmActors.Grains.Tests;

/// <summary>The portfolio writes its state behind (not per notification), so its notice numbers must still never be
/// reused: a screen catching up by number would otherwise take a new notice for one it already has.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PortfolioNumberingScenarios(ClusterFixture fixture)
{
    [Fact]
    public async Task Numbers_keep_rising_across_a_reactivation_and_the_catch_up_list_survives_a_clean_one()
    {
        var portfolio = fixture.Client.GetGrain<IPortfolioGrain>("M-numbering");
        for (int i = 0; i < 3; i++) await portfolio.CustomerStarChanged(Change($"C-num-{i}"), Standing($"C-num-{i}"));
        var before = await portfolio.GetNotifications(0, null);

        await fixture.Cluster.DeactivateAsync(portfolio);
        await fixture.Cluster.WaitForDeactivationAsync(portfolio);
        await portfolio.CustomerStarChanged(Change("C-num-3"), Standing("C-num-3"));
        var after = await portfolio.GetNotifications(before.LastSeq, before.Epoch);

        Assert.Equal([1L, 2L, 3L], before.Notices.Select(n => n.Seq));
        Assert.Equal(before.Epoch, after.Epoch);
        var fresh = Assert.Single(after.Notices);
        Assert.Equal("C-num-3", fresh.CustomerId);
        Assert.True(fresh.Seq > before.LastSeq, $"notice {fresh.Seq} reuses a number at or below {before.LastSeq}");
        // The deactivation wrote the state: all four notices are in the catch-up list.
        Assert.Equal(4, (await portfolio.GetNotifications(0, after.Epoch)).Notices.Length);
    }

    [Fact]
    public async Task The_notice_that_opens_a_new_reserved_block_is_still_written()
    {
        // Notice SeqBlock + 1 makes the grain write a new reservation before the notice exists; the notice itself
        // must still count as unsaved, or a clean deactivation drops it from the catch-up list.
        var portfolio = fixture.Client.GetGrain<IPortfolioGrain>("M-block");
        int count = (int)CrmActors.Grains.Desks.PortfolioGrain.SeqBlock + 1;
        for (int i = 0; i < count; i++) await portfolio.CustomerStarChanged(Change($"C-blk-{i}"), Standing($"C-blk-{i}"));

        await fixture.Cluster.DeactivateAsync(portfolio);
        await fixture.Cluster.WaitForDeactivationAsync(portfolio);
        var feed = await portfolio.GetNotifications(0, null);

        Assert.Equal(count, feed.Notices.Max(n => n.Seq));
        Assert.Equal($"C-blk-{count - 1}", feed.Notices.MaxBy(n => n.Seq)!.CustomerId);
    }

    private static StarChangeNotice Change(string customer) =>
        new(customer, Star.Unrated, Star.Three, StarChangeCause.Points, 80m, new IndicatorPoints(0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m),
            ClusterFixture.Start, ManagerId: "M-numbering", DisplayName: customer);

    private static CustomerSnapshot Standing(string customer) =>
        new(customer, 80m, new IndicatorPoints(0m, 0m, 0m, 0m, 0m, 0m, 0m, 0m), Star.Three, Star.Three, StarChangeCause.Points, Star.Four, 1_920m, [],
            null, "B001", "M-numbering", customer, [], ClusterFixture.Start);
}
