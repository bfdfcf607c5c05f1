using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Scoring;

namespace CrmActors.Grains.Tests;

/// <summary>The customer grain in a real Orleans cluster: changes in through the journal, standing and history out.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CustomerGrainScenarios(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = ClusterFixture.Start;
    private ICustomerGrain Customer(string id) => fixture.Client.GetGrain<ICustomerGrain>(id);

    [Fact]
    public async Task A_customer_never_seen_has_no_snapshot()
    {
        Assert.Null(await Customer("never-seen").GetSnapshot());
    }

    [Fact]
    public async Task Worked_example_1_demand_savings_held_the_whole_window_earn_4050_points_and_5_stars()
    {
        var events = new EventFactory("example-1");
        // Held since 200 days ago, so it covers the whole 183-day window of today and of the rating day.
        await fixture.Ingest(events.Balance(Start.AddDays(-200), 300_000m));

        var snapshot = await Customer(events.CustomerId).GetSnapshot();

        Assert.NotNull(snapshot);
        Assert.Equal(4_050m, snapshot.Points);
        Assert.Equal(4_050m, snapshot.Breakdown.ShortTermAssets);
        Assert.Equal(Star.Five, snapshot.ServiceStar);
        Assert.Equal(Star.Five, snapshot.ContributionStar);
        Assert.Equal(Star.Six, snapshot.NextStar);
        Assert.Equal(5_950m, snapshot.PointsNeeded);
    }

    [Fact]
    public async Task A_redelivered_change_changes_nothing()
    {
        var events = new EventFactory("idempotent");
        CustomerChange[] batch = [events.Fee(Start.AddDays(-3), 2_000m), events.Fee(Start.AddDays(-2), 500m)];
        var journaled = await fixture.Ingest(batch);
        var before = await Customer(events.CustomerId).GetSnapshot();

        // A dispatcher that crashed before its checkpoint delivers the same rows again.
        ImmutableArray<JournaledChange> again = [new(batch[0], journaled.PositionOf(0)), new(batch[1], journaled.PositionOf(1))];
        var second = await Customer(events.CustomerId).ApplyJournaled(again);
        var after = await Customer(events.CustomerId).GetSnapshot();

        Assert.Equal(new IngestOutcome(0, 2), second);
        Assert.Equal(100m, after!.Points);    // 2,500 CNY card spending × 400 / 10,000
        Assert.Equal(before!.Points, after.Points);
    }

    [Fact]
    public async Task An_upgrade_is_in_the_history_and_the_managers_portfolio_at_once()
    {
        var events = new EventFactory("live-upgrade");
        await fixture.Ingest(events.Profile(Start.AddDays(-1), "B001", "M-live", "张小明"));
        // 12,500 CNY of POS spending = 500 points: 4 stars at once (§3.1 Decision).
        await fixture.Ingest(events.Fee(Start.AddMinutes(-5), 12_500m));

        var change = Assert.Single((await Customer(events.CustomerId).GetHistory(0, 100)).Entries).Change;
        Assert.Equal((Star.Unrated, Star.Four, StarChangeCause.Points, 500m), (change.OldStar, change.NewStar, change.Cause, change.Points));
        Assert.Equal(("M-live", "B001"), (change.ManagerId, change.HomeBranchId));
        var notice = Assert.Single((await fixture.Client.GetGrain<IPortfolioGrain>("M-live").GetNotifications(0, null)).Notices);
        Assert.Equal((events.CustomerId, Star.Four), (notice.CustomerId, notice.NewStar));
    }

    [Fact]
    public async Task A_deactivated_customer_comes_back_with_the_same_standing_and_history()
    {
        var events = new EventFactory("reactivated");
        var grain = Customer(events.CustomerId);
        await fixture.Ingest(
            events.Profile(Start.AddDays(-30), "B002", "M002"),
            events.Balance(Start.AddDays(-100), 80_000m, "SAV-1"),
            events.Balance(Start.AddDays(-20), 150_000m, "TD-1", BalanceIndicator.LongTermAssets),
            events.Fee(Start.AddDays(-10), 3_000m, FeeBusinessType.Investment, feeShare: 0.6m),
            events.Product(Start.AddDays(-5), ProductType.GoldCreditCard),
            events.Visit(Start.AddHours(-1), "B003"));
        var before = await grain.GetSnapshot();
        var historyBefore = await grain.GetHistory(0, 100);

        await fixture.Cluster.DeactivateAsync(grain);
        await fixture.Cluster.WaitForDeactivationAsync(grain);
        var after = await grain.GetSnapshot();

        AssertSameStanding(before!, after!);
        Assert.Equal(historyBefore.Entries.ToArray(), (await grain.GetHistory(0, 100)).Entries.ToArray());
        Assert.Contains("B003", after!.VisitedBranches);
    }

    [Fact]
    public async Task A_manual_star_wins_until_cleared_and_both_are_in_the_history()
    {
        var events = new EventFactory("manual");
        var grain = Customer(events.CustomerId);
        await fixture.Ingest(events.Fee(Start.AddDays(-1), 2_000m));   // 80 points: 3 stars

        await fixture.Ingest(events.SetManual(Start, Star.Six, "family of a private-banking client", "rm-m001"));
        var set = await grain.GetSnapshot();
        await fixture.Ingest(events.ClearManual(Start.AddMinutes(1), "rm-m001"));
        var cleared = await grain.GetSnapshot();
        var history = (await grain.GetHistory(0, 100)).Entries;

        Assert.Equal(Star.Six, set!.ServiceStar);
        Assert.Equal(StarChangeCause.Manual, set.ServiceStarCause);
        Assert.Equal(Star.Three, cleared!.ServiceStar);
        Assert.Null(cleared.Manual);
        Assert.Equal([1L, 2L, 3L], history.Select(e => e.Seq));
        Assert.Collection(history.Select(e => e.Change),
            c => Assert.Equal((Star.Unrated, Star.Three, StarChangeCause.Points), (c.OldStar, c.NewStar, c.Cause)),
            c => Assert.Equal((Star.Three, Star.Six, StarChangeCause.Manual, "rm-m001"), (c.OldStar, c.NewStar, c.Cause, c.ChangedBy)),
            c => Assert.Equal((Star.Six, Star.Three, StarChangeCause.Manual), (c.OldStar, c.NewStar, c.Cause)));
    }

    [Fact]
    public async Task The_history_pages_in_order_with_a_continuation()
    {
        var events = new EventFactory("paged");
        var grain = Customer(events.CustomerId);
        await fixture.Ingest(events.Fee(Start.AddDays(-1), 2_000m));
        for (int i = 0; i < 5; i++)
            await fixture.Ingest(events.SetManual(Start.AddMinutes(i), i % 2 == 0 ? Star.Seven : Star.Four, $"step {i}", "rm-m001"));

        var first = await grain.GetHistory(0, 4);
        var rest = await grain.GetHistory(first.NextAfter!.Value, 4);

        Assert.Equal([1L, 2L, 3L, 4L], first.Entries.Select(e => e.Seq));
        Assert.Equal(4L, first.NextAfter);
        Assert.Equal([5L, 6L], rest.Entries.Select(e => e.Seq));
        Assert.Null(rest.NextAfter);
    }

    [Fact]
    public async Task A_change_the_ledger_refuses_is_set_aside_and_the_customer_goes_on()
    {
        var events = new EventFactory("poison");
        // Past the money bound: the API refuses such an event at the door; the grain must survive one from anywhere.
        var poison = events.Balance(Start.AddDays(-2), 1_000_000_000_000_000_000_000_000m, "BIG");
        var journaled = await fixture.Ingest(events.Fee(Start.AddDays(-3), 2_000m), poison, events.Fee(Start.AddDays(-1), 500m));

        var snapshot = await Customer(events.CustomerId).GetSnapshot();
        Assert.Equal(100m, snapshot!.Points);
        var letter = Assert.Single(await fixture.DeadLetters.ListAsync(0, 100, default), l => l.Change.CustomerId == events.CustomerId);
        Assert.Equal(poison.ChangeId, letter.Change.ChangeId);
        Assert.Equal(journaled.PositionOf(1), letter.Position);
        Assert.Contains("balance", letter.Reason);

        // Delivered again (a dispatcher's redelivery to a fresh activation): set aside once, not twice.
        await fixture.Cluster.DeactivateAsync(Customer(events.CustomerId));
        var count = await fixture.DeadLetters.CountAsync(default);
        var outcome = await Customer(events.CustomerId).ApplyJournaled([new JournaledChange(poison, journaled.PositionOf(1))]);
        Assert.Equal(count, await fixture.DeadLetters.CountAsync(default));
        Assert.Equal(0, outcome.Applied);
    }

    [Fact]
    public async Task A_live_visit_alerts_the_branch_and_an_old_one_is_only_recorded()
    {
        var rich = new EventFactory("visit-vip");
        await fixture.Ingest(rich.Balance(Start.AddDays(-200), 300_000m));   // 5 stars: at the default alert level

        await fixture.Ingest(rich.Visit(Start.AddDays(-200), "B-old"), rich.Visit(Start.AddMinutes(-20), "B-old"));
        await fixture.Ingest(rich.Visit(Start.AddMinutes(-1), "B-live"));

        Assert.Empty((await fixture.Client.GetGrain<IBranchDeskGrain>("B-old").GetAlerts(0, null)).Alerts);
        Assert.Single((await fixture.Client.GetGrain<IBranchDeskGrain>("B-live").GetAlerts(0, null)).Alerts);
        Assert.Contains("B-old", (await Customer(rich.CustomerId).GetSnapshot())!.VisitedBranches);
    }

    [Fact]
    public async Task The_same_events_in_any_order_and_batching_give_the_same_standing()
    {
        var a = new EventFactory("order-a");
        var all = new List<CustomerChange>
        {
            a.Balance(Start.AddDays(-190), 50_000m, "SAV-1"),
            a.Balance(Start.AddDays(-60), 400_000m, "SAV-1"),
            a.Balance(Start.AddDays(-59), 10_000m, "SAV-1"),
            a.Balance(Start.AddDays(-40), 1_000_000m, "MTG-1", BalanceIndicator.Mortgage),
            a.Fee(Start.AddDays(-150), 6_000m, FeeBusinessType.Settlement),
            a.Fee(Start.AddDays(-2), 1_000m, FeeBusinessType.Investment, 0.5m),
            a.Product(Start.AddDays(-30), ProductType.ClassicCreditCard),
            a.Product(Start.AddDays(-3), ProductType.ClassicCreditCard, ProductAction.Closed),
        };
        await fixture.Ingest([.. all]);

        // The same events for another customer id, reversed and in three batches.
        var reversed = all.Select(e => e with { CustomerId = "order-b", ChangeId = e.ChangeId.Replace("order-a", "order-b") })
            .Reverse().ToList();
        foreach (var chunk in reversed.Chunk(3)) await fixture.Ingest(chunk);

        var first = await Customer("order-a").GetSnapshot();
        var second = await Customer("order-b").GetSnapshot();
        AssertSameStanding(first! with { CustomerId = "order-b" }, second!);
    }

    [Fact]
    public async Task A_look_up_of_an_unknown_id_leaves_no_activation_behind()
    {
        var id = $"unknown-{Guid.NewGuid():N}";
        var grain = Customer(id);

        Assert.Null(await grain.GetSnapshot());

        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await management.GetActiveGrains(grain.GetGrainId().Type)).Contains(grain.GetGrainId()))
        {
            Assert.True(DateTime.UtcNow < deadline, "the look-up of an unknown id left its activation behind");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_portfolio_drops_a_customer_whose_profile_names_another_manager_even_if_its_untrack_was_lost()
    {
        var events = new EventFactory("moved");
        await fixture.Ingest(events.Profile(Start.AddDays(-2), "B001", "M-from"), events.Fee(Start.AddDays(-1), 2_000m));
        await fixture.Ingest(events.Profile(Start.AddDays(-1), "B001", "M-to"));
        // The Untrack the move sent is lost (a silo died mid-call): the old portfolio still lists the customer.
        var from = fixture.Client.GetGrain<IPortfolioGrain>("M-from");
        await from.Track(events.CustomerId);

        var summary = await from.GetPortfolio(10);

        Assert.DoesNotContain(summary.Customers, c => c.CustomerId == events.CustomerId);
        Assert.DoesNotContain(events.CustomerId, await from.GetCustomerIds());
        Assert.Contains((await fixture.Client.GetGrain<IPortfolioGrain>("M-to").GetPortfolio(10)).Customers,
            c => c.CustomerId == events.CustomerId);
    }

    [Fact]
    public async Task Every_star_change_stays_in_the_history_past_the_old_500_limit()
    {
        var events = new EventFactory("long-history");
        await fixture.Ingest(events.Fee(Start.AddDays(-1), 2_000m));
        var commands = Enumerable.Range(0, 600)
            .Select(i => (CustomerChange)events.SetManual(Start.AddSeconds(i), i % 2 == 0 ? Star.Seven : Star.Four, $"step {i}", "rm-m001"))
            .ToArray();
        await fixture.Ingest(commands);

        var all = new List<long>();
        long after = 0;
        for (long? next = 0; next is not null; after = next ?? after)
        {
            var page = await Customer(events.CustomerId).GetHistory(after, 250);
            all.AddRange(page.Entries.Select(e => e.Seq));
            next = page.NextAfter;
        }
        Assert.Equal(Enumerable.Range(1, 601).Select(i => (long)i), all);
    }

    /// <summary>Snapshots are records, but their arrays compare by reference: compare them by content.</summary>
    private static void AssertSameStanding(CustomerSnapshot expected, CustomerSnapshot actual)
    {
        Assert.Equal(expected with { Products = [], VisitedBranches = [] }, actual with { Products = [], VisitedBranches = [] });
        Assert.Equal(expected.Products.ToArray(), actual.Products.ToArray());
        Assert.Equal(expected.VisitedBranches.ToArray(), actual.VisitedBranches.ToArray());
    }
}
