using System.Collections.Concurrent;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Outlook;
using CrmActors.Abstractions.Screens;
using CrmActors.Grains.Customers;
using CrmActors.Scoring;

namespace CrmActors.Grains.Tests;

/// <summary>The at-risk list and the retention signals in a real cluster (docs/contract-extension-outlook.md): entries
/// and pushes follow live events, the silo's sweeper brings them up to date as days pass, and the detectors signal live
/// moments only. Own cluster: these scenarios move the clock.</summary>
public sealed class OutlookScenarios(OutlookScenarios.OwnCluster fixture) : IClassFixture<OutlookScenarios.OwnCluster>, IAsyncLifetime
{
    public sealed class OwnCluster : ClusterFixture
    {
        protected override CustomerGrainOptions GrainOptions { get; } = new(TimeSpan.FromSeconds(30), FlushOnShutdown: false, StoresState: false);
    }

    /// <summary>What the portfolios push, as an API node's observer receives it.</summary>
    private sealed class Recorder : IPortfolioObserver
    {
        public readonly ConcurrentQueue<object> Messages = new();
        public Task StarChanged(string epoch, PortfolioNotice notice) => Task.CompletedTask;
        public Task PortfolioChanged(string managerId) => Task.CompletedTask;
        public Task TierAtRisk(AtRiskCustomer customer) { Messages.Enqueue(customer); return Task.CompletedTask; }
        public Task TierSafe(string managerId, string customerId) { Messages.Enqueue(("safe", customerId)); return Task.CompletedTask; }
        public Task RetentionRisk(RetentionSignal signal) { Messages.Enqueue(signal); return Task.CompletedTask; }
    }

    private readonly Recorder _recorder = new();
    private IPortfolioObserver _reference = null!;
    private readonly string _manager = $"M-outlook-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        _reference = fixture.Client.CreateObjectReference<IPortfolioObserver>(_recorder);
        await Portfolio.Subscribe(_reference);
    }

    public Task DisposeAsync()
    {
        fixture.Client.DeleteObjectReference<IPortfolioObserver>(_reference);
        return Task.CompletedTask;
    }

    private IPortfolioGrain Portfolio => fixture.Client.GetGrain<IPortfolioGrain>(_manager);

    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    private async Task<T> Pushed<T>(Func<T, bool> match, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var found = _recorder.Messages.OfType<T>().FirstOrDefault(match);
            if (found is not null) return found;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"no {what} pushed within 10 s; got {string.Join(", ", _recorder.Messages)}");
    }

    [Fact]
    public async Task An_at_risk_customer_enters_the_list_on_its_events_leaves_it_when_an_event_saves_it_and_follows_the_days()
    {
        var lastRatingDay = new DateTimeOffset(2026, 11, 1, 0, 0, 0, ClusterFixture.BankOffset);
        var risky = new EventFactory($"risky-{Guid.NewGuid():N}");
        // 6,060 points on 1 Nov (5 stars); the 6,000 of card spending leave the window before 1 Dec: 60 (3 stars).
        await fixture.Ingest(
            risky.Profile(Now.AddDays(-300), "B001", _manager, "李*"),
            risky.Balance(Now.AddDays(-300), 6_000m, "TD-1", BalanceIndicator.LongTermAssets),
            risky.Fee(lastRatingDay.AddDays(-170), 150_000m));

        var entered = await Pushed<AtRiskCustomer>(c => c.CustomerId == risky.CustomerId, "tierAtRisk");
        Assert.Equal((Star.Five, Star.Three, 1_940m, 2), (entered.CurrentServiceStar, entered.ProjectedServiceStar, entered.PointsToKeep, entered.StarsAtStake));
        Assert.Equal(new DateOnly(2026, 12, 1), entered.NextRatingDay);
        Assert.Equal(StarIndicator.CardSpending, entered.BestLift?.Indicator);
        Assert.Contains((await Portfolio.GetAtRisk()).Customers, c => c.CustomerId == risky.CustomerId);

        var safe = new EventFactory($"saved-{Guid.NewGuid():N}");
        await fixture.Ingest(
            safe.Profile(Now.AddDays(-300), "B001", _manager),
            safe.Balance(Now.AddDays(-300), 6_000m, "TD-1", BalanceIndicator.LongTermAssets),
            safe.Fee(lastRatingDay.AddDays(-170), 150_000m));
        await Pushed<AtRiskCustomer>(c => c.CustomerId == safe.CustomerId, "tierAtRisk of the second customer");
        Assert.True(fixture.Sweeper.OutlooksScheduled >= 2);   // both wait for the sweeper to wake them tomorrow

        // The second one is saved by a live event: 48,500 CNY of card spending today = 1,940 points.
        await fixture.Ingest(safe.Fee(Now, 48_500m));
        await Pushed<(string, string)>(m => m == ("safe", safe.CustomerId), "tierSafe");
        Assert.DoesNotContain((await Portfolio.GetAtRisk()).Customers, c => c.CustomerId == safe.CustomerId);

        // Days pass with no event until the rating day: the silo's sweeper wakes the customer (no call of the test
        // touches it); it falls to 3 stars on that day and is no longer at risk of anything.
        fixture.Clock.Set(new DateTimeOffset(2026, 12, 1, 0, 0, 1, ClusterFixture.BankOffset));
        await Pushed<(string, string)>(m => m == ("safe", risky.CustomerId), "tierSafe on the rating day");
        Assert.DoesNotContain((await Portfolio.GetAtRisk()).Customers, c => c.CustomerId == risky.CustomerId);
        Assert.Equal(Star.Three, (await fixture.Client.GetGrain<ICustomerGrain>(risky.CustomerId).GetSnapshot())!.ServiceStar);
    }

    [Fact]
    public async Task A_large_outflow_of_a_vip_is_signalled_once_a_day_with_its_figures_and_a_back_dated_one_not_at_all()
    {
        var vip = new EventFactory($"vip-{Guid.NewGuid():N}");
        // 1,000,000 CNY of time deposits for the whole window: 10,000 points, 6 stars (home branch alert level 5).
        await fixture.Ingest(
            vip.Profile(Now.AddDays(-300), "B001", _manager, "赵*"),
            vip.Balance(Now.AddDays(-300), 1_000_000m, "TD-1", BalanceIndicator.LongTermAssets));
        Assert.DoesNotContain(_recorder.Messages.OfType<RetentionSignal>(), s => s.CustomerId == vip.CustomerId);

        // 40 % withdrawn today (also the first business in 300 days: that is the other detector's signal).
        await fixture.Ingest(vip.Balance(Now, 600_000m, "TD-1", BalanceIndicator.LongTermAssets));
        var signal = await Pushed<RetentionSignal>(s => s.CustomerId == vip.CustomerId && s.Kind == RetentionKind.LargeOutflow, "retentionRisk");
        Assert.Equal((1_000_000m, 600_000m, Star.Six), (signal.AssetsBefore, signal.AssetsAfter, signal.ServiceStar));
        Assert.Equal(_manager, signal.ManagerId);

        // Another fall the same day: the manager already knows.
        await fixture.Ingest(vip.Balance(Now.AddMinutes(1), 100_000m, "TD-1", BalanceIndicator.LongTermAssets));
        await Task.Delay(300);
        Assert.Single(_recorder.Messages.OfType<RetentionSignal>(), s => s.CustomerId == vip.CustomerId && s.Kind == RetentionKind.LargeOutflow);
        // Kept by the portfolio for a screen opened later: once, newest first, with its figures.
        var kept = (await Portfolio.GetRetentionRisks()).Where(s => s.CustomerId == vip.CustomerId).ToList();
        Assert.Equal(signal, Assert.Single(kept, s => s.Kind == RetentionKind.LargeOutflow));
        Assert.Equal(vip.CustomerId, (await Portfolio.GetRetentionRisks())[0].CustomerId);

        // The same fall arriving a day late (a back-dated load) is recorded, not signalled.
        var late = new EventFactory($"late-{Guid.NewGuid():N}");
        await fixture.Ingest(
            late.Profile(Now.AddDays(-300), "B001", _manager),
            late.Balance(Now.AddDays(-300), 1_000_000m, "TD-1", BalanceIndicator.LongTermAssets),
            late.Balance(Now.AddDays(-1), 100_000m, "TD-1", BalanceIndicator.LongTermAssets));
        await Task.Delay(300);
        Assert.DoesNotContain(_recorder.Messages.OfType<RetentionSignal>(), s => s.CustomerId == late.CustomerId);
    }

    [Fact]
    public async Task A_customer_dormant_for_90_days_who_is_active_again_is_signalled_and_one_dormant_for_less_is_not()
    {
        var dormant = new EventFactory($"dormant-{Guid.NewGuid():N}");
        var recent = new EventFactory($"recent-{Guid.NewGuid():N}");
        await fixture.Ingest(
            dormant.Profile(Now.AddDays(-400), "B001", _manager),
            dormant.Fee(Now.AddDays(-100), 2_000m),
            recent.Profile(Now.AddDays(-400), "B001", _manager),
            recent.Fee(Now.AddDays(-89), 2_000m));

        await fixture.Ingest(dormant.Visit(Now, "B001"), recent.Visit(Now, "B001"));

        var signal = await Pushed<RetentionSignal>(s => s.CustomerId == dormant.CustomerId, "retentionRisk");
        Assert.Equal((RetentionKind.DormantActive, 100), (signal.Kind, signal.DormantDays));
        Assert.Equal(Now.AddDays(-100), signal.PreviousActivity);
        await Task.Delay(300);
        Assert.DoesNotContain(_recorder.Messages.OfType<RetentionSignal>(), s => s.CustomerId == recent.CustomerId);
    }
}
