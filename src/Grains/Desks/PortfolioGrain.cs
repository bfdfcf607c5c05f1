using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Outlook;
using CrmActors.Abstractions.Screens;
using CrmActors.Scoring;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Desks;

/// <summary>One relationship manager's portfolio (key: manager id). Keeps the customers whose profile names the
/// manager, numbers each star change of them (star-model §5: upgrade notifications) and pushes it to the API nodes'
/// observers; answers the portfolio and the opportunities by asking the customer grains.</summary>
/// <remarks>State is written behind, at most every <see cref="WriteBehind"/> and on deactivation: in a bulk load
/// thousands of a manager's customers change star within seconds, and one write per change would make this single
/// grain the bottleneck of the whole ingest (docs/architecture.md, "Portfolios write behind"). A crash loses at most that period of notices from the catch-up list — they were already pushed
/// live. Numbers are never reused: a block of <see cref="SeqBlock"/> numbers is reserved (written) before the first of
/// them is pushed, and a new activation continues after the reserved block.</remarks>
public sealed class PortfolioGrain : Grain, IPortfolioGrain
{
    /// <summary>How many notifications a portfolio keeps (the newest).</summary>
    public const int NoticeLimit = 200;
    /// <summary>How many retention signals a portfolio keeps (the newest).</summary>
    public const int RetentionLimit = 50;
    /// <summary>Customer grains asked at once when a screen reads the portfolio.</summary>
    public const int FanOut = 32;
    private static readonly TimeSpan WriteBehind = TimeSpan.FromSeconds(1);
    /// <summary>Notice numbers reserved per state write.</summary>
    public const long SeqBlock = 1_000;
    /// <summary>At most one "portfolio changed" push per this period: profiles arrive in bulk.</summary>
    private static readonly TimeSpan ChangePushPeriod = TimeSpan.FromSeconds(1);

    private readonly IPersistentState<PortfolioState> _state;
    private readonly TimeProvider _clock;
    private readonly Customers.CustomerSweeper _sweeper;
    private readonly BankCalendar _calendar;
    private readonly ILogger<PortfolioGrain> _logger;
    private readonly ObserverSet<IPortfolioObserver> _observers = new(ScreenSubscriptions.Lifetime);
    private bool _dirty;
    private bool _changePending;
    private long _lastChangePush = long.MinValue / 2;
    private long _lastWrite;

    public PortfolioGrain(
        [PersistentState("portfolio")] IPersistentState<PortfolioState> state, TimeProvider clock,
        StarModelOptions options, Customers.CustomerSweeper sweeper, ILogger<PortfolioGrain> logger)
    {
        _sweeper = sweeper;
        _state = state;
        _clock = clock;
        _calendar = new BankCalendar(options);
        _logger = logger;
    }

    private string ManagerId => this.GetPrimaryKeyString();

    private PortfolioState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Epoch.Length == 0) S.Epoch = Guid.NewGuid().ToString("N")[..12];
        // Numbers up to the reservation may have been pushed by an activation that died before its next write.
        S.LastSeq = Math.Max(S.LastSeq, S.SeqReservedThrough);
        S.SeqReservedThrough = S.LastSeq + SeqBlock;
        await Save();
        this.RegisterGrainTimer(_ => Tick(), ChangePushPeriod, ChangePushPeriod);
        EngineMetrics.Activations.Add(1, EngineMetrics.PortfolioGrain);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        EngineMetrics.Activations.Add(-1, EngineMetrics.PortfolioGrain);
        if (!_dirty && S.SeqReservedThrough == S.LastSeq) return;
        S.SeqReservedThrough = S.LastSeq; // a clean hand-over: the next activation continues without a gap
        await Save();
    }

    public Task Track(string customerId)
    {
        if (S.Customers.Add(customerId)) MembershipChanged();
        return Task.CompletedTask;
    }

    public Task Untrack(string customerId)
    {
        if (S.Customers.Remove(customerId)) MembershipChanged();
        LeaveAtRisk(customerId);
        return Task.CompletedTask;
    }

    public Task OutlookChanged(string customerId, AtRiskCustomer? atRisk)
    {
        if (atRisk is null)
        {
            LeaveAtRisk(customerId);
            return Task.CompletedTask;
        }
        if (atRisk.SameAs(S.AtRisk.GetValueOrDefault(customerId))) return Task.CompletedTask;
        S.Customers.Add(customerId);
        S.AtRisk[customerId] = atRisk;
        _dirty = true;
        _observers.Notify(o => o.TierAtRisk(atRisk), Failed);
        return Task.CompletedTask;
    }

    /// <summary>Entries whose rating day has come are stale: they leave the list, and their customers are asked again
    /// through this silo's sweeper (a few at a time, like every outlook refresh: a large portfolio read after a rating
    /// day would otherwise activate all of them at once); each re-reports if still at risk on its new rating day. A
    /// customer's own schedule with its silo's sweeper normally does this first; this covers a schedule lost with its silo.</summary>
    public Task<AtRiskList> GetAtRisk()
    {
        var now = _clock.GetUtcNow();
        int today = _calendar.DayOf(now);
        foreach (var stale in S.AtRisk.Values.Where(c => c.NextRatingDay.DayNumber <= today).ToList())
        {
            LeaveAtRisk(stale.CustomerId);
            _sweeper.ScheduleOutlook(stale.CustomerId, now);
        }
        return Task.FromResult(new AtRiskList(ManagerId, DateOnly.FromDayNumber(_calendar.NextRatingDayAfter(today)),
            AtRiskCustomer.Sorted(S.AtRisk.Values), _clock.GetUtcNow()));
    }

    /// <summary>Kept (the newest <see cref="RetentionLimit"/>, written behind with the state) so a screen opened later
    /// lists it, then pushed.</summary>
    public Task RetentionRisk(RetentionSignal signal)
    {
        S.Signals.Add(signal);
        if (S.Signals.Count > RetentionLimit) S.Signals.RemoveRange(0, S.Signals.Count - RetentionLimit);
        _dirty = true;
        _observers.Notify(o => o.RetentionRisk(signal), Failed);
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<RetentionSignal>> GetRetentionRisks() =>
        Task.FromResult(ImmutableArray.CreateRange(Enumerable.Reverse(S.Signals)));

    private void LeaveAtRisk(string customerId)
    {
        if (!S.AtRisk.Remove(customerId)) return;
        _dirty = true;
        _observers.Notify(o => o.TierSafe(ManagerId, customerId), Failed);
    }

    public async Task CustomerStarChanged(StarChangeNotice change, CustomerSnapshot standing)
    {
        if (change.NewStar == change.OldStar) return;
        // The change names this manager: the customer belongs here even if its Track call was lost.
        S.Customers.Add(change.CustomerId);
        long seq = ++S.LastSeq;
        if (seq > S.SeqReservedThrough)
        {
            S.SeqReservedThrough = seq + SeqBlock;
            await Save();
        }
        _dirty = true; // after the reservation's write: the notice below is not in it
        var notice = new PortfolioNotice(ManagerId, seq, change.CustomerId, change.DisplayName ?? standing.DisplayName,
            change.OldStar, change.NewStar, change.Cause, change.Points, change.Breakdown, change.At,
            standing.NextStar, standing.PointsNeeded, change.Reason, change.ChangedBy) { DecidedAt = change.DecidedAt };
        S.Notices.Add(notice);
        if (S.Notices.Count > NoticeLimit)
        {
            int excess = S.Notices.Count - NoticeLimit;
            S.DroppedThrough = S.Notices[excess - 1].Seq;
            S.Notices.RemoveRange(0, excess);
        }
        _observers.Notify(o => o.StarChanged(S.Epoch, notice), Failed);
    }

    public Task<PortfolioFeed> GetNotifications(long since, string? epoch)
    {
        if (!string.Equals(epoch, S.Epoch, StringComparison.Ordinal)) since = 0;
        var notices = S.Notices.Where(n => n.Seq > since).ToImmutableArray();
        return Task.FromResult(new PortfolioFeed(ManagerId, S.Epoch, S.LastSeq, notices, since >= S.DroppedThrough));
    }

    public async Task<PortfolioSummary> GetPortfolio(int topOpportunities)
    {
        // Copied before the first await: this call interleaves with Track/Untrack and star changes.
        var ids = S.Customers.Order(StringComparer.Ordinal).ToArray();
        var customers = new List<PortfolioCustomer>(ids.Length);
        for (int i = 0; i < ids.Length; i += FanOut)
        {
            var chunk = ids.AsMemory(i, Math.Min(FanOut, ids.Length - i)).ToArray();
            var snapshots = await Task.WhenAll(chunk.Select(id => GrainFactory.GetGrain<ICustomerGrain>(id).GetSnapshot()));
            foreach (var s in snapshots)
            {
                // The profile is the truth: a customer whose profile now names another manager (its Untrack may have
                // been lost) leaves this portfolio here.
                if (s is null || !string.Equals(s.ManagerId, ManagerId, StringComparison.Ordinal))
                {
                    if (s is not null && S.Customers.Remove(s.CustomerId)) MembershipChanged();
                    continue;
                }
                customers.Add(new PortfolioCustomer(s.CustomerId, s.DisplayName, s.ServiceStar, s.ContributionStar,
                        s.ServiceStarCause, s.Points, s.NextStar, s.PointsNeeded, s.Products.IsDefault ? [] : s.Products,
                        s.HomeBranchId));
            }
        }
        return new PortfolioSummary(ManagerId, [.. customers], Opportunities(customers, topOpportunities), _clock.GetUtcNow());
    }

    public Task<ImmutableArray<string>> GetCustomerIds() =>
        Task.FromResult(S.Customers.Order(StringComparer.Ordinal).ToImmutableArray());

    public Task Subscribe(IPortfolioObserver observer)
    {
        _observers.Renew(observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IPortfolioObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    /// <summary>§5 "customers close to the next threshold": points needed for the next star, as an amount and as a
    /// share of that star's threshold; smallest share first, then smallest amount, then id.</summary>
    public static ImmutableArray<Opportunity> Opportunities(IEnumerable<PortfolioCustomer> customers, int top) =>
        [.. customers
            .Where(c => c.NextStar is not null && c.PointsNeeded is > 0m && StarScale.Threshold(c.NextStar.Value) is > 0m)
            .Select(c => new Opportunity(c.CustomerId, c.DisplayName, c.ServiceStar, c.NextStar!.Value, c.Points,
                c.PointsNeeded!.Value, c.PointsNeeded!.Value / StarScale.Threshold(c.NextStar.Value)!.Value))
            .OrderBy(o => o.ShareNeeded).ThenBy(o => o.PointsNeeded).ThenBy(o => o.CustomerId, StringComparer.Ordinal)
            .Take(Math.Max(0, top))];

    private void MembershipChanged()
    {
        _dirty = true;
        _changePending = true;
        if (Environment.TickCount64 - _lastChangePush >= (long)ChangePushPeriod.TotalMilliseconds) PushChange();
    }

    private void PushChange()
    {
        _changePending = false;
        _lastChangePush = Environment.TickCount64;
        _observers.Notify(o => o.PortfolioChanged(ManagerId), Failed);
    }

    private async Task Tick()
    {
        if (_changePending) PushChange();
        if (_dirty && Environment.TickCount64 - _lastWrite >= (long)WriteBehind.TotalMilliseconds) await Save();
    }

    private async Task Save()
    {
        try
        {
            _dirty = false;
            _lastWrite = Environment.TickCount64;
            await _state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            _dirty = true;
            _logger.LogWarning(ex, "Could not write the portfolio of manager {ManagerId}.", ManagerId);
        }
    }

    private void Failed(Exception ex) =>
        _logger.LogDebug(ex, "A screen observer of portfolio {ManagerId} was dropped.", ManagerId);
}
