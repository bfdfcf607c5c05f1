using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Journal;
using CrmActors.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace CrmActors.Grains;

/// <summary>One bank customer. Applies events through the pure star model (<see cref="CustomerLedger"/>) in memory,
/// publishes every service-star change and keeps the audit history.</summary>
/// <remarks>State is written to grain storage when it changed, at most every <see cref="CustomerGrainOptions.FlushPeriod"/> and on
/// deactivation — never per event: per-event state writes cap out near 4,000/s (shared/notes), far below the
/// ingestion target. The event journal, not this write, is what makes an acknowledged event durable.</remarks>
public sealed class CustomerGrain : Grain, ICustomerGrain
{
    /// <summary>How many star changes the grain keeps for GET …/history.</summary>
    public const int HistoryLimit = 500;
    /// <summary>§5: "a customer seen at the branch in the last hour who is upgraded" alerts that branch.</summary>
    private static readonly TimeSpan RecentVisitWindow = TimeSpan.FromHours(1);

    private readonly IPersistentState<CustomerGrainState> _state;
    private readonly StarModelOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<CustomerGrain> _logger;
    private readonly IJournalReader? _journal;   // durable mode only
    private readonly CustomerGrainOptions _grainOptions;
    private CustomerLedger? _live;   // null while the customer is idle: the state's snapshot stands in for it
    private bool _usedSinceTick;
    private readonly StarChangePublisher _changes;
    private IGrainTimer? _tick;   // only while the ledger is expanded or the state unsaved: idle customers hold none
    private bool _dirty;

    public CustomerGrain(
        [PersistentState("customer", CustomerStorage.Name)] IPersistentState<CustomerGrainState> state,
        StarModelOptions options, TimeProvider clock, ILogger<CustomerGrain> logger, IServiceProvider services)
    {
        _grainOptions = services.GetService<CustomerGrainOptions>() ?? CustomerGrainOptions.Default;
        _journal = services.GetService<IJournalReader>();
        _changes = services.GetRequiredService<StarChangePublisher>();
        _state = state;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The customer's ledger, rebuilt from the last snapshot if it was set aside while idle.</summary>
    private CustomerLedger Ledger
    {
        get
        {
            _usedSinceTick = true;
            _tick ??= this.RegisterGrainTimer(OnTick, _grainOptions.FlushPeriod, _grainOptions.FlushPeriod);
            return _live ??= _state.State.Ledger is { } snapshot
                ? CustomerLedger.FromSnapshot(snapshot, _options, _clock)
                : new CustomerLedger(_options, _clock);
        }
    }

    private string? _customerId;
    private string CustomerId => _customerId ??= this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_journal is not null)
        {
            // Durable mode: what this customer applied after its last snapshot lives only in the journal.
            var missed = await _journal.ReadCustomerAsync(CustomerId, _state.State.Applied, cancellationToken);
            if (missed.Count > 0) await ApplyJournaledEvents(missed);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        bool shuttingDown = reason.ReasonCode == DeactivationReasonCode.ShuttingDown;
        if (shuttingDown && !_grainOptions.FlushOnShutdown) return;
        await FlushIfDirty(cancellationToken, shuttingDown);
    }

    public async Task<IngestOutcome> Ingest(ImmutableArray<IngestedEvent> events)
    {
        foreach (var e in events)
            if (!string.Equals(e.CustomerId, CustomerId, StringComparison.Ordinal))
                throw new ArgumentException($"Event {e.EventId} is for customer {e.CustomerId}, not {CustomerId}.");
        return await Apply(events);
    }

    public async Task<IngestOutcome> ApplyJournaled(ImmutableArray<JournaledEvent> events)
    {
        foreach (var e in events)
            if (!string.Equals(e.Event.CustomerId, CustomerId, StringComparison.Ordinal))
                throw new ArgumentException($"Event {e.Event.EventId} is for customer {e.Event.CustomerId}, not {CustomerId}.");
        return await ApplyJournaledEvents(events);
    }

    private async Task<IngestOutcome> ApplyJournaledEvents(IReadOnlyList<JournaledEvent> events)
    {
        var outcome = await Apply(events.Select(e => e.Event).ToList());
        var last = events.Max(e => e.Position);
        if (last > _state.State.Applied)
        {
            _state.State.Applied = last;
            _dirty = true;
        }
        return outcome;
    }

    /// <summary>Applies through the ledger (idempotent by event id), then tells streams, desks and portfolios.</summary>
    private async Task<IngestOutcome> Apply(IReadOnlyList<IngestedEvent> events)
    {
        string? managerBefore = Ledger.Profile?.ManagerId;
        var update = Ledger.Apply(events.Select(e => e.ToDomain()));
        if (update.Applied > 0) _dirty = true;
        EngineMetrics.EventsApplied.Add(update.Applied);
        EngineMetrics.EventsRedelivered.Add(update.Duplicates);
        await Publish(update.StarChanges);
        await FollowManager(managerBefore);
        await NotifyDesks(update.Visits);
        return new IngestOutcome(update.Applied, update.Duplicates);
    }

    public async Task<CustomerSnapshot?> GetSnapshot()
    {
        if (!Ledger.HasHistory) return null;
        await Publish(Ledger.Refresh());
        return Snapshot();
    }

    public async Task<CustomerSnapshot> SetManualStar(ManualStar setting)
    {
        await Publish(Ledger.Refresh());
        var change = Ledger.SetManual(setting.Star, setting.Reason, setting.ExpiresAt, setting.SetBy);
        _dirty = true;
        await Publish([change]);
        return Snapshot();
    }

    public async Task<CustomerSnapshot?> ClearManualStar(string clearedBy)
    {
        if (!Ledger.HasHistory) return null;
        await Publish(Ledger.Refresh());
        if (Ledger.ClearManual(clearedBy) is { } change)
        {
            _dirty = true;
            await Publish([change]);
        }
        return Snapshot();
    }

    public async Task<ImmutableArray<StarChangeNotice>> GetHistory()
    {
        await Publish(Ledger.Refresh());
        return [.. _state.State.History];
    }

    private CustomerSnapshot Snapshot()
    {
        var s = Ledger.Standing();
        var profile = Ledger.Profile;
        var manual = s.Manual is { } m ? new ManualStar(m.Star, m.Reason, m.ExpiresAt, m.SetBy, m.SetAt) : null;
        return new CustomerSnapshot(CustomerId, s.Points, IndicatorPoints.From(s.Breakdown), s.ContributionStar,
            s.ServiceStar, s.ServiceStarCause, s.NextStar, s.PointsNeeded, [.. s.Products], manual,
            profile?.HomeBranchId, profile?.ManagerId, profile?.DisplayName,
            [.. Ledger.VisitedBranches.Order(StringComparer.Ordinal)], s.AsOf);
    }

    /// <summary>Keeps the relationship manager's portfolio in step with <c>profile.managerId</c>.</summary>
    private async Task FollowManager(string? managerBefore)
    {
        string? manager = Ledger.Profile?.ManagerId;
        if (manager == managerBefore) return;
        await Notify(() => managerBefore is null ? Task.CompletedTask : GrainFactory.GetGrain<IPortfolioGrain>(managerBefore).Untrack(CustomerId));
        await Notify(() => manager is null ? Task.CompletedTask : GrainFactory.GetGrain<IPortfolioGrain>(manager).Track(CustomerId));
    }

    /// <summary>Every new visit goes to that branch's desk, which decides on a VIP alert (§5).</summary>
    private async Task NotifyDesks(IReadOnlyList<BranchVisit> visits)
    {
        if (visits.Count == 0) return;
        var standing = Snapshot();
        foreach (var v in visits)
            await Notify(() => GrainFactory.GetGrain<IBranchDeskGrain>(v.BranchId)
                .CustomerIdentified(new CustomerVisitNotice(CustomerId, v.BranchId, v.Channel, v.At, standing)));
    }

    /// <summary>An upgrade goes to the desks of the branches that saw the customer in the last hour, and every
    /// change to the manager's portfolio (§5).</summary>
    private async Task NotifyStaff(StarChangeNotice notice)
    {
        var standing = Snapshot();
        if (notice.NewStar > notice.OldStar)
        {
            var since = _clock.GetUtcNow() - RecentVisitWindow;
            foreach (var branch in Ledger.RecentVisits.Where(v => v.At >= since).Select(v => v.BranchId).Distinct())
                await Notify(() => GrainFactory.GetGrain<IBranchDeskGrain>(branch).CustomerUpgraded(notice, standing));
        }
        if (notice.ManagerId is { } manager)
            await Notify(() => GrainFactory.GetGrain<IPortfolioGrain>(manager).CustomerStarChanged(notice, standing));
    }

    /// <summary>Staff notifications never fail an ingest: the event is applied; a screen misses one alert at most.</summary>
    private async Task Notify(Func<Task> call)
    {
        try { await call(); }
        catch (Exception ex) { _logger.LogWarning(ex, "A staff notification for customer {CustomerId} failed.", CustomerId); }
    }

    /// <summary>Records each change in the history and publishes real changes (old ≠ new) to the screens.</summary>
    private async Task Publish(IReadOnlyList<StarChange> changes)
    {
        if (changes.Count == 0) return;
        var profile = Ledger.Profile;
        var history = _state.State.History;
        foreach (var c in changes)
        {
            var notice = new StarChangeNotice(CustomerId, c.OldStar, c.NewStar, c.Cause, c.Points,
                IndicatorPoints.From(c.Breakdown), c.At, c.Reason, c.ChangedBy,
                profile?.HomeBranchId, profile?.ManagerId, profile?.DisplayName);
            history.Add(notice);
            if (c.OldStar == c.NewStar) continue;
            EngineMetrics.StarChanges.Add(1, new KeyValuePair<string, object?>("direction", c.IsUpgrade ? "upgrade" : "downgrade"),
                new KeyValuePair<string, object?>("cause", c.Cause.ToString()));
            await _changes.PublishAsync(notice);
            await NotifyStaff(notice);
        }
        if (history.Count > HistoryLimit) history.RemoveRange(0, history.Count - HistoryLimit);
        _dirty = true;
    }

    /// <summary>Flushes a changed state; a customer untouched for a whole period keeps only its snapshot in memory
    /// (about a third of the expanded ledger), and expands again on its next call.</summary>
    private async Task OnTick(CancellationToken cancellationToken)
    {
        await FlushIfDirty(cancellationToken, shuttingDown: false);
        if (!_usedSinceTick && !_dirty)
        {
            _live = null;
            _tick?.Dispose();
            _tick = null;
        }
        _usedSinceTick = false;
    }

    private async Task FlushIfDirty(CancellationToken cancellationToken, bool shuttingDown)
    {
        if (!_dirty) return;
        if (_live is not null) _state.State.Ledger = _live.ToSnapshot();
        try
        {
            await _state.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
        catch (Exception ex) when (shuttingDown)
        {
            // A silo going down may already have stopped its storage (the embedded default's memory storage).
            _logger.LogDebug(ex, "State of customer {CustomerId} not written at shutdown.", CustomerId);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not write the state of customer {CustomerId}; will retry.", CustomerId);
        }
    }
}
