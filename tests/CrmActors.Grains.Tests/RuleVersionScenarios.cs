using CrmActors.Abstractions;
using CrmActors.Abstractions.Rules;
using CrmActors.Grains.Rules;
using CrmActors.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace CrmActors.Grains.Tests;

/// <summary>Issue 12 in a real cluster, changes through the journal: a proposed version is computed live beside the one
/// in force and reported to its impact grain; once scheduled, on its rating day it is in force for the customer, and the
/// history keeps the version each change was computed under. Own cluster: these scenarios change the rule book and
/// move the clock.</summary>
public sealed class RuleVersionScenarios(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static DateTimeOffset Bank(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, ClusterFixture.BankOffset);

    private IRuleSets Store => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IRuleSets>();

    private Task Refresh() => fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<RuleBookCache>().RefreshAsync(default);

    [Fact]
    public async Task A_proposed_version_is_computed_live_reported_and_in_force_from_its_rating_day()
    {
        fixture.Clock.Set(Bank(2026, 11, 11, 10));
        var proposal = StarModelOptions.Default with { Rates = IndicatorRates.Published.With("cardSpending", 800m) };
        Assert.Equal(RuleSetWrite.Done,
            await Store.ProposeAsync(new RuleSet { Version = "cards-x2", Options = proposal }, new DateOnly(2026, 11, 11), "admin", fixture.Clock.GetUtcNow(), default));
        await Refresh();

        // 30,000 CNY of card spending: 1,200 points (4 stars) under the published model, 2,400 (5 stars) under the proposal.
        var events = new EventFactory("rules-1");
        var grain = fixture.Client.GetGrain<ICustomerGrain>(events.CustomerId);
        await fixture.Ingest(events.Fee(Bank(2026, 11, 8, 9), 30_000m));
        var now = (await grain.GetSnapshot())!;
        Assert.Equal((1_200m, Star.Four), (now.Points, now.ServiceStar));
        Assert.Equal(new ShadowStanding("cards-x2", 2_400m, Star.Unrated, Star.Five), now.Shadow);

        var impact = fixture.Client.GetGrain<IRuleImpactGrain>("cards-x2");
        var seen = await Until(impact, i => i.LargestMoves.Any(m => m.CustomerId == events.CustomerId));
        Assert.Equal(new ImpactMove(events.CustomerId, Star.Four, Star.Five, 1_200m, 2_400m), seen.LargestMoves.Single(m => m.CustomerId == events.CustomerId));
        Assert.Equal(new ImpactCell(Star.Four, Star.Five, 1), Assert.Single(seen.Transitions));
        Assert.Equal((1L, 1L, 0L, 0L), (seen.Customers, seen.Up, seen.Down, seen.Same));

        // More spending moves the pair (5 → 6 under the proposal: 10,500 points); the counts move by the difference.
        await fixture.Ingest(events.Fee(Bank(2026, 11, 10, 9), 101_250m));
        var moved = await Until(impact, i => i.Transitions.Any(c => c.To == Star.Six));
        Assert.Equal(new ImpactCell(Star.Five, Star.Six, 1), Assert.Single(moved.Transitions));   // 5,250 points now: 5 stars
        Assert.Equal(1L, moved.Customers);

        // Scheduled from 1 December: on that rating day the contribution star is computed under it.
        Assert.Equal(RuleSetWrite.Done, await Store.ScheduleAsync("cards-x2", new DateOnly(2026, 12, 1), "admin", fixture.Clock.GetUtcNow(), default));
        await Refresh();
        Assert.Equal("cards-x2", (await grain.GetSnapshot())!.Shadow!.Version);
        fixture.Clock.Set(Bank(2026, 12, 1, 9));
        var rated = (await grain.GetSnapshot())!;
        Assert.Equal((10_500m, Star.Six, Star.Six), (rated.Points, rated.ContributionStar, rated.ServiceStar));
        Assert.Null(rated.Shadow);   // in force now: nothing is pending

        var history = (await grain.GetHistory(0, 100)).Entries.Select(e => e.Change).ToList();
        Assert.All(history.Where(c => c.At < Bank(2026, 12, 1)), c => Assert.Equal(RuleSet.PublishedVersion, c.RuleVersion));
        var last = history[^1];
        Assert.Equal((Star.Five, Star.Six, "cards-x2"), (last.OldStar, last.NewStar, last.RuleVersion));
    }

    /// <summary>The impact once <paramref name="done"/> holds, or as it stands after <paramref name="seconds"/>.</summary>
    internal static async Task<RuleImpact> Until(IRuleImpactGrain impact, Func<RuleImpact, bool> done, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var now = await impact.GetImpact();
            if (done(now) || DateTime.UtcNow > deadline) return now;
            await Task.Delay(50);
        }
    }
}
