using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Screens;
using CrmActors.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmActors.Grains.Desks;

/// <summary>One branch's front desk (key: branch id). The one place in the cluster that decides VIP alerts for the
/// branch (star-model §5): a visit of a customer whose service star is at or above the branch's alert level, or an
/// upgrade of a customer seen at the branch in the last hour. Each alert and each acknowledge/serve gets the next
/// number of one per-branch sequence, so a screen that saw number n asks for what came after n and misses nothing.
/// Pushes go to the API nodes' observers, which forward them to their SignalR group of the branch.</summary>
/// <remarks>State is written on every change: alerts are rare (VIP arrivals), and a number once pushed must not be
/// reused after a restart. What was pushed before the write is pushed first: latency before durability for a screen.</remarks>
public sealed class BranchDeskGrain : Grain, IBranchDeskGrain
{
    /// <summary>How many alerts a desk keeps (the newest).</summary>
    public const int AlertLimit = 200;
    /// <summary>A customer identified again (kiosk, then counter) while their alert is still new, within this time
    /// and at no higher star, raises no second alert.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromMinutes(2);

    private readonly IPersistentState<BranchDeskState> _state;
    private readonly DeskOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<BranchDeskGrain> _logger;
    private readonly ObserverSet<IDeskObserver> _observers = new(ScreenSubscriptions.Lifetime);

    public BranchDeskGrain(
        [PersistentState("desk")] IPersistentState<BranchDeskState> state,
        IOptions<DeskOptions> options, TimeProvider clock, ILogger<BranchDeskGrain> logger)
    {
        _state = state;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    private string BranchId => this.GetPrimaryKeyString();

    private BranchDeskState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Epoch.Length == 0)
        {
            S.Epoch = Guid.NewGuid().ToString("N")[..12];
            await Save();
        }
        EngineMetrics.Activations.Add(1, EngineMetrics.DeskGrain);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        EngineMetrics.Activations.Add(-1, EngineMetrics.DeskGrain);
        return Task.CompletedTask;
    }

    public async Task CustomerIdentified(CustomerVisitNotice visit)
    {
        var s = visit.Standing;
        if (s.ServiceStar < Level()) return;
        if (S.Alerts.FindLast(a => a.CustomerId == visit.CustomerId) is { State: DeskAlertState.New } open
            && _clock.GetUtcNow() - open.RaisedAt < RepeatWindow && s.ServiceStar <= open.ServiceStar)
            return;
        await Raise(new DeskAlert(BranchId, 0, 0, DeskAlertKind.Visit, visit.CustomerId, s.DisplayName, visit.At,
            _clock.GetUtcNow(), s.ServiceStar, null, s.ServiceStarCause, visit.Channel, s.Points, s.Breakdown,
            s.NextStar, s.PointsNeeded, Products(s), s.Manual?.Reason) { DecidedAt = visit.DecidedAt });
    }

    public async Task CustomerUpgraded(StarChangeNotice change, CustomerSnapshot standing)
    {
        if (change.NewStar <= change.OldStar) return;
        await Raise(new DeskAlert(BranchId, 0, 0, DeskAlertKind.Upgrade, change.CustomerId,
            change.DisplayName ?? standing.DisplayName, change.At, _clock.GetUtcNow(), change.NewStar, change.OldStar,
            change.Cause, null, change.Points, change.Breakdown, standing.NextStar, standing.PointsNeeded,
            Products(standing), change.Reason) { DecidedAt = change.DecidedAt });
    }

    public Task<DeskFeed> GetAlerts(long since, string? epoch)
    {
        // Another epoch (or none): the screen's numbers mean nothing here; it gets every kept alert.
        if (!string.Equals(epoch, S.Epoch, StringComparison.Ordinal)) since = 0;
        var alerts = S.Alerts.Where(a => a.StateSeq > since).OrderBy(a => a.StateSeq).ToImmutableArray();
        return Task.FromResult(new DeskFeed(BranchId, S.Epoch, S.LastSeq, Level(), alerts,
            Complete: since >= S.DroppedThrough));
    }

    public Task<string> GetEpoch() => Task.FromResult(S.Epoch);

    public async Task<DeskAlert?> Handle(long alertSeq, DeskAlertState state, string handledBy)
    {
        int i = S.Alerts.FindIndex(a => a.Seq == alertSeq);
        if (i < 0) return null;
        var alert = S.Alerts[i];
        if (state <= alert.State) return alert; // already there (or beyond): idempotent, nothing pushed
        var now = _clock.GetUtcNow();
        long seq = ++S.LastSeq;
        alert = alert with { State = state, StateSeq = seq, HandledBy = handledBy, HandledAt = now };
        // Keep the list ordered by StateSeq: the changed alert moves to the end.
        S.Alerts.RemoveAt(i);
        S.Alerts.Add(alert);
        var handled = new DeskAlertHandled(BranchId, seq, alertSeq, state, handledBy, now);
        _observers.Notify(o => o.AlertHandled(S.Epoch, handled), Failed);
        await Save();
        return alert;
    }

    public Task<Star> GetAlertLevel() => Task.FromResult(Level());

    public async Task SetAlertLevel(Star level)
    {
        S.AlertLevel = DeskOptions.ToStar((int)level);
        await Save();
    }

    public Task Subscribe(IDeskObserver observer)
    {
        _observers.Renew(observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IDeskObserver observer)
    {
        _observers.Remove(observer);
        return Task.CompletedTask;
    }

    private Star Level() => S.AlertLevel ?? _options.LevelOf(BranchId);

    private async Task Raise(DeskAlert alert)
    {
        long seq = ++S.LastSeq;
        alert = alert with { Seq = seq, StateSeq = seq };
        S.Alerts.Add(alert);
        if (S.Alerts.Count > AlertLimit)
        {
            // Drop the oldest by state number: those a screen is least likely to still need.
            int excess = S.Alerts.Count - AlertLimit;
            S.DroppedThrough = Math.Max(S.DroppedThrough, S.Alerts.Take(excess).Max(a => a.StateSeq));
            S.Alerts.RemoveRange(0, excess);
        }
        _observers.Notify(o => o.AlertRaised(S.Epoch, alert), Failed);
        await Save();
    }

    private async Task Save()
    {
        try { await _state.WriteStateAsync(); }
        catch (Exception ex)
        {
            // The alert is pushed and kept in memory; only a restart before the next write would lose it.
            _logger.LogWarning(ex, "Could not write the desk state of branch {BranchId}.", BranchId);
        }
    }

    private void Failed(Exception ex) =>
        _logger.LogDebug(ex, "A screen observer of branch {BranchId} was dropped.", BranchId);

    private static ImmutableArray<ProductType> Products(CustomerSnapshot s) => s.Products.IsDefault ? [] : s.Products;
}
