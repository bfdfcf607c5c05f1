using System.Collections.Concurrent;
using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Scoring;
using Orleans.Streams;

namespace CrmActors.Grains.Tests;

/// <summary>The customer grain in a real Orleans cluster: events in, standing out, star changes on the stream.</summary>
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
        await Customer(events.CustomerId).Ingest([events.Balance(Start.AddDays(-200), 300_000m)]);

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
    public async Task The_same_event_twice_changes_nothing()
    {
        var events = new EventFactory("idempotent");
        ImmutableArray<IngestedEvent> batch = [events.Fee(Start.AddDays(-3), 2_000m), events.Fee(Start.AddDays(-2), 500m)];

        var first = await Customer(events.CustomerId).Ingest(batch);
        var before = await Customer(events.CustomerId).GetSnapshot();
        var second = await Customer(events.CustomerId).Ingest(batch);
        var after = await Customer(events.CustomerId).GetSnapshot();

        Assert.Equal(new IngestOutcome(2, 0), first);
        Assert.Equal(new IngestOutcome(0, 2), second);
        Assert.Equal(100m, after!.Points);    // 2,500 CNY card spending × 400 / 10,000
        Assert.Equal(before!.Points, after.Points);
    }

    [Fact]
    public async Task An_upgrade_is_published_on_the_star_change_stream_at_once()
    {
        var events = new EventFactory("stream-upgrade");
        var received = new ConcurrentQueue<StarChangeNotice>();
        var stream = fixture.Client.GetStreamProvider(StarChangeStream.ProviderName)
            .GetStream<StarChangeNotice>(StarChangeStream.ForCustomer(events.CustomerId));
        var subscription = await stream.SubscribeAsync((notice, _) =>
        {
            if (notice.CustomerId == events.CustomerId) received.Enqueue(notice);
            return Task.CompletedTask;
        });
        try
        {
            await Customer(events.CustomerId).Ingest([events.Profile(Start.AddDays(-1), "B001", "M001", "张小明")]);
            // 12,500 CNY of POS spending = 500 points: 4 stars at once (§3.1 Decision).
            await Customer(events.CustomerId).Ingest([events.Fee(Start.AddMinutes(-5), 12_500m)]);

            var notice = await WaitFor(received);
            Assert.Equal(Star.Unrated, notice.OldStar);
            Assert.Equal(Star.Four, notice.NewStar);
            Assert.Equal(StarChangeCause.Points, notice.Cause);
            Assert.Equal(500m, notice.Points);
            Assert.Equal("M001", notice.ManagerId);
            Assert.Equal("B001", notice.HomeBranchId);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task A_deactivated_customer_comes_back_with_the_same_standing_and_history()
    {
        var events = new EventFactory("reactivated");
        var grain = Customer(events.CustomerId);
        await grain.Ingest([
            events.Profile(Start.AddDays(-30), "B002", "M002"),
            events.Balance(Start.AddDays(-100), 80_000m, "SAV-1"),
            events.Balance(Start.AddDays(-20), 150_000m, "TD-1", BalanceIndicator.LongTermAssets),
            events.Fee(Start.AddDays(-10), 3_000m, FeeBusinessType.Investment, feeShare: 0.6m),
            events.Product(Start.AddDays(-5), ProductType.GoldCreditCard),
            events.Visit(Start.AddHours(-1), "B003"),
        ]);
        var before = await grain.GetSnapshot();
        var historyBefore = await grain.GetHistory();

        await fixture.Cluster.DeactivateAsync(grain);
        await fixture.Cluster.WaitForDeactivationAsync(grain);
        var after = await grain.GetSnapshot();

        AssertSameStanding(before!, after!);
        Assert.Equal(historyBefore.Length, (await grain.GetHistory()).Length);
        Assert.Contains("B003", after!.VisitedBranches);
    }

    [Fact]
    public async Task A_manual_star_wins_until_cleared_and_both_are_in_the_history()
    {
        var events = new EventFactory("manual");
        var grain = Customer(events.CustomerId);
        await grain.Ingest([events.Fee(Start.AddDays(-1), 2_000m)]);   // 80 points: 3 stars

        var set = await grain.SetManualStar(new ManualStar(Star.Six, "family of a private-banking client", null, "rm-m001"));
        var cleared = await grain.ClearManualStar("rm-m001");
        var history = await grain.GetHistory();

        Assert.Equal(Star.Six, set.ServiceStar);
        Assert.Equal(StarChangeCause.Manual, set.ServiceStarCause);
        Assert.Equal(Star.Three, cleared!.ServiceStar);
        Assert.Null(cleared.Manual);
        Assert.Collection(history,
            c => Assert.Equal((Star.Unrated, Star.Three, StarChangeCause.Points), (c.OldStar, c.NewStar, c.Cause)),
            c => Assert.Equal((Star.Three, Star.Six, StarChangeCause.Manual, "rm-m001"), (c.OldStar, c.NewStar, c.Cause, c.ChangedBy)),
            c => Assert.Equal((Star.Six, Star.Three, StarChangeCause.Manual), (c.OldStar, c.NewStar, c.Cause)));
    }

    [Fact]
    public async Task The_same_events_in_any_order_and_batching_give_the_same_standing()
    {
        var a = new EventFactory("order-a");
        var all = new List<IngestedEvent>
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
        await Customer("order-a").Ingest([.. all]);

        // The same events for another customer id, reversed and in three batches.
        var reversed = all.Select(e => e with { CustomerId = "order-b", EventId = e.EventId.Replace("order-a", "order-b") })
            .Reverse().ToList();
        foreach (var chunk in reversed.Chunk(3)) await Customer("order-b").Ingest([.. chunk]);

        var first = await Customer("order-a").GetSnapshot();
        var second = await Customer("order-b").GetSnapshot();
        AssertSameStanding(first! with { CustomerId = "order-b" }, second!);
    }

    /// <summary>Snapshots are records, but their arrays compare by reference: compare them by content.</summary>
    private static void AssertSameStanding(CustomerSnapshot expected, CustomerSnapshot actual)
    {
        Assert.Equal(expected with { Products = [], VisitedBranches = [] }, actual with { Products = [], VisitedBranches = [] });
        Assert.Equal(expected.Products.ToArray(), actual.Products.ToArray());
        Assert.Equal(expected.VisitedBranches.ToArray(), actual.VisitedBranches.ToArray());
    }

    private static async Task<T> WaitFor<T>(ConcurrentQueue<T> queue)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (queue.TryDequeue(out var item)) return item;
            await Task.Delay(20);
        }
        throw new TimeoutException("Nothing arrived on the stream within 10 s.");
    }
}
