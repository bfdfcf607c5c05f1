using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.History;
using CrmActors.Abstractions.Journal;
using CrmActors.Abstractions.Outlook;
using CrmActors.Abstractions.Rules;
using CrmActors.Grains.Desks;
using CrmActors.Grains.Journal;
using CrmActors.Grains.Outlook;
using CrmActors.Grains.Rules;
using CrmActors.Scoring;
using CrmActors.Scoring.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmActors.Grains.Customers;

/// <summary>One bank customer. Applies the journal's changes — and nothing else — through the pure star model
/// (<see cref="CustomerLedger"/>), records every service-star change in the durable history and tells the staff's
/// screens about live moments.</summary>
/// <remarks>Changes arrive two ways, both from the journal: delivered by the queue's dispatcher (live), or replayed
/// after the snapshot when the grain activates (not live: nothing is pushed, it was pushed before or is stale). The
/// snapshot is written when changed, at most every <see cref="CustomerGrainOptions.FlushPeriod"/> and on deactivation —
/// never per change: the journal, not this write, makes a change durable.</remarks>
public sealed class CustomerGrain : Grain, ICustomerGrain
{
    private readonly IPersistentState<CustomerGrainState> _state;
    private readonly RuleBookCache _rules;
    private RuleBook _book = null!;
    private readonly TimeProvider _clock;
    private readonly ILogger<CustomerGrain> _logger;
    private readonly IJournalReader _journal;
    private readonly IDeadLetters _deadLetters;
    private readonly IStarHistory _historyStore;
    private readonly CheckpointCache _checkpoints;
    private readonly CustomerGrainOptions _grainOptions;
    private readonly DeskOptions _deskOptions;
    private readonly OutlookOptions _outlookOptions;
    private readonly AppliedWaiters _waiters = new();
    private HistoryRecorder _history = null!;
    private StaffScreens _screens = null!;
    private OutlookWatch _outlook = null!;
    private RetentionWatch _retention = null!;
    private ImpactWatch _impact = null!;
    private VersionedLedger? _live;   // null while the customer is idle: the state's snapshot stands in for it
    private readonly CustomerSweeper _sweeper;
    private CustomerSweeper.Enrollment? _enrollment;   // only while the ledger is expanded or a write is owed
    private bool _dirty;
    private JournalPosition _snapshotApplied;
    private long _rowsSinceSnapshot;   // journal changes applied after _snapshotApplied (see VerifyNoneMissed)

    public CustomerGrain(
        [PersistentState(CustomerStorage.StateName, CustomerStorage.Name)] IPersistentState<CustomerGrainState> state,
        RuleBookCache rules, TimeProvider clock, ILogger<CustomerGrain> logger, IServiceProvider services)
    {
        _grainOptions = services.GetService<CustomerGrainOptions>() ?? CustomerGrainOptions.Default;
        _deskOptions = services.GetService<IOptions<DeskOptions>>()?.Value ?? new DeskOptions();
        _outlookOptions = services.GetService<IOptions<OutlookOptions>>()?.Value ?? new OutlookOptions();
        _journal = services.GetRequiredService<IJournalReader>();
        _deadLetters = services.GetRequiredService<IDeadLetters>();
        _historyStore = services.GetRequiredService<IStarHistory>();
        _checkpoints = services.GetRequiredService<CheckpointCache>();
        _sweeper = services.GetRequiredService<CustomerSweeper>();
        _state = state;
        _rules = rules;
        _clock = clock;
        _logger = logger;
    }

    private string? _customerId;
    private string CustomerId => _customerId ??= this.GetPrimaryKeyString();

    private CustomerGrainState S => _state.State;

    /// <summary>The customer's ledger under the rule book, rebuilt from the last snapshot if it was set aside while idle.</summary>
    private VersionedLedger Ledger
    {
        get
        {
            (_enrollment ??= _sweeper.Enroll(CustomerId)).Touch();
            if (_live is { } live)
            {
                live.Use(_book);
                return live;
            }
            return _live = new VersionedLedger(_book, _clock, S.Ledger);
        }
    }

    /// <summary>Takes the book this silo holds now; every call that computes starts with it.</summary>
    private async ValueTask UseRules() => _book = await _rules.GetAsync();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Activate(cancellationToken);
        // Counted once activated: a failed activation is never deactivated, so it must not count.
        EngineMetrics.Activations.Add(1, EngineMetrics.CustomerGrain);
    }

    private async Task Activate(CancellationToken cancellationToken)
    {
        await UseRules();
        _history = new HistoryRecorder(CustomerId, _historyStore, S.HistorySeq);
        _screens = new StaffScreens(GrainFactory, _deskOptions, _clock, _logger, CustomerId);
        _outlook = new OutlookWatch(GrainFactory, _sweeper, _logger, CustomerId);
        _impact = new ImpactWatch(GrainFactory, _clock, CustomerId);
        _retention = new RetentionWatch(GrainFactory, _outlookOptions, _deskOptions, _logger, CustomerId);
        _snapshotApplied = S.Applied;
        if (!_journal.Replays) return;
        // What this customer applied after its last snapshot lives only in the journal.
        var missed = await _journal.ReadCustomerAsync(CustomerId, S.Applied, JournalPosition.End, cancellationToken);
        if (missed.Count == 0) return;
        // Changes its queue's dispatcher already delivered were pushed then (to the activation that crashed): replayed
        // quietly. Changes after the checkpoint were never delivered — this replay is their first, live, application.
        var checkpoint = await _checkpoints.GetAsync(JournalQueues.Of(CustomerId), cancellationToken);
        await Apply([.. missed.Where(r => r.Position <= checkpoint)], live: false, skipApplied: true);
        _history.ReplayEnded();
        await Apply([.. missed.Where(r => r.Position > checkpoint)], live: true, skipApplied: true);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        EngineMetrics.Activations.Add(-1, EngineMetrics.CustomerGrain);
        bool shuttingDown = reason.ReasonCode == DeactivationReasonCode.ShuttingDown;
        if (shuttingDown && !_grainOptions.FlushOnShutdown) return;
        await FlushIfDirty(cancellationToken, shuttingDown);
    }

    public async Task<IngestOutcome> ApplyJournaled(ImmutableArray<JournaledChange> changes)
    {
        foreach (var c in changes)
            if (!string.Equals(c.Change.CustomerId, CustomerId, StringComparison.Ordinal))
                throw new ArgumentException($"Change {c.Change.ChangeId} is for customer {c.Change.CustomerId}, not {CustomerId}.");
        await UseRules();
        return await Apply(changes, live: true, skipApplied: true);
    }

    public async Task<bool> WaitApplied(JournalPosition position, TimeSpan timeout) =>
        S.Applied >= position || await _waiters.WaitAsync(position, timeout);

    public async Task<CustomerSnapshot?> GetSnapshot()
    {
        await UseRules();
        if (!Ledger.HasHistory)
        {
            // A look-up of an id never seen must not leave an activation behind (on the embedded default customers
            // are otherwise never collected).
            if (S.Applied == JournalPosition.Start && !_waiters.Any) DeactivateOnIdle();
            return null;
        }
        await Announce(Ledger.Refresh(), live: true);
        _impact.Update(Ledger, S.Applied);
        return Snapshot();
    }

    public async Task<CustomerOutlook?> GetOutlook()
    {
        await UseRules();
        if (!Ledger.HasHistory) return null;
        await Announce(Ledger.Refresh(), live: true);
        return CustomerOutlook.From(CustomerId, Ledger.Outlook());
    }

    public async Task RefreshOutlook()
    {
        if (!_outlookOptions.AtRiskList) return;
        await UseRules();
        await Announce(Ledger.Refresh(), live: true);
        await _outlook.UpdateAsync(Ledger);
    }

    public async Task<StarHistoryPage> GetHistory(long afterSeq, int limit)
    {
        await UseRules();
        await Announce(Ledger.Refresh(), live: true);
        return await _history.ReadAsync(afterSeq, limit, CancellationToken.None);
    }

    /// <summary>Applies journal changes through the ledger. <paramref name="skipApplied"/>: changes at or before
    /// <see cref="CustomerGrainState.Applied"/> were applied by this activation (a redelivery) and are skipped.</summary>
    private async Task<IngestOutcome> Apply(IReadOnlyList<JournaledChange> rows, bool live, bool skipApplied)
    {
        // One pass over the rows (this runs for every delivery): what is new, the last position, commands among them.
        var fresh = new List<JournaledChange>(rows.Count);
        var last = S.Applied;
        int pastSnapshot = 0;
        bool command = false;
        foreach (var r in rows)
        {
            if (skipApplied && r.Position <= S.Applied) continue;
            fresh.Add(r);
            if (r.Position > last) last = r.Position;
            if (r.Position > _snapshotApplied) pastSnapshot++;
            command |= r.Change is SetManualStar or ClearManualStar;
        }
        if (fresh.Count == 0) return new IngestOutcome(0, rows.Count);

        string? managerBefore = Ledger.Profile?.ManagerId;
        var activityBefore = Ledger.Ledger.LastActivity;
        var (update, setAside) = await ApplyToLedger(fresh);
        if (last > S.Applied)
        {
            S.Applied = last;
            _rowsSinceSnapshot += pastSnapshot;
        }
        MarkDirty();
        EngineMetrics.EventsApplied.Add(update.Applied);
        EngineMetrics.EventsRedelivered.Add(update.Duplicates + rows.Count - fresh.Count);

        await Announce(update.StarChanges, live);
        await _screens.ManagerChangedAsync(managerBefore, Ledger.Profile?.ManagerId);
        if (live && update.Visits.Count > 0)
        {
            CustomerSnapshot? standing = null;
            foreach (var visit in update.Visits)
                if (_screens.IsLive(visit)) await _screens.VisitAsync(visit, standing ??= Snapshot());
        }
        if (live && _outlookOptions.RetentionDetectors) await _retention.DetectAsync(Ledger.Ledger, fresh, activityBefore, _screens.IsLive);
        if (live && _outlookOptions.AtRiskList) await _outlook.UpdateAsync(Ledger);
        _impact.Update(Ledger, S.Applied);
        // A staff command is answered once applied; its audit entry must be in the durable history by then.
        if (command) await _history.FlushAsync(CancellationToken.None);
        _waiters.Release(S.Applied);
        return new IngestOutcome(update.Applied, update.Duplicates + rows.Count - fresh.Count, setAside);
    }

    /// <summary>The whole batch in one ledger call; if the ledger refuses it (it is then unchanged), change by change,
    /// setting aside each change the ledger refuses so that the customer and its queue go on.</summary>
    private async Task<(LedgerUpdate Update, int SetAside)> ApplyToLedger(List<JournaledChange> rows)
    {
        try
        {
            var events = new CustomerEvent[rows.Count];
            for (int i = 0; i < events.Length; i++) events[i] = rows[i].Change.ToDomain();
            return (Ledger.Apply(events), 0);
        }
        catch (Exception) when (rows.Count > 1)
        {
            // One of them is poison: find it (them) below.
        }
        catch (Exception ex)
        {
            await SetAside(rows[0], ex);
            return (new LedgerUpdate(0, 0, [], []), 1);
        }

        int applied = 0, duplicates = 0, setAside = 0;
        var changes = new List<StarChange>();
        var visits = new List<BranchVisit>();
        foreach (var row in rows)
        {
            try
            {
                var u = Ledger.Apply([row.Change.ToDomain()]);
                applied += u.Applied;
                duplicates += u.Duplicates;
                changes.AddRange(u.StarChanges);
                visits.AddRange(u.Visits);
            }
            catch (Exception ex)
            {
                await SetAside(row, ex);
                setAside++;
            }
        }
        return (new LedgerUpdate(applied, duplicates, changes, visits), setAside);
    }

    private async Task SetAside(JournaledChange row, Exception reason)
    {
        var letter = new DeadLetter
        {
            Change = row.Change, Position = row.Position, SetAsideAt = _clock.GetUtcNow(),
            Reason = $"{reason.GetType().Name}: {reason.Message}",
        };
        // Logged and counted once: a replay meeting the same change again finds it already set aside.
        if (await _deadLetters.SetAsideAsync(letter, CancellationToken.None))
        {
            EngineMetrics.DeadLettered.Add(1);
            _logger.LogError(reason, "Change {Producer}/{ChangeId} of customer {CustomerId} at {Position} could not be applied and was set aside.",
                row.Change.Producer, row.Change.ChangeId, CustomerId, row.Position);
        }
    }

    /// <summary>Records each change in the history and, when live, tells the screens of real changes (old ≠ new).</summary>
    private async Task Announce(IReadOnlyList<StarChange> changes, bool live)
    {
        if (changes.Count == 0) return;
        var profile = Ledger.Profile;
        MarkDirty();
        foreach (var c in changes)
        {
            var notice = new StarChangeNotice(CustomerId, c.OldStar, c.NewStar, c.Cause, c.Points,
                IndicatorPoints.From(c.Breakdown), c.At, c.Reason, c.ChangedBy,
                profile?.HomeBranchId, profile?.ManagerId, profile?.DisplayName, c.RuleVersion) { DecidedAt = DateTime.UtcNow };
            _history.Record(notice);
            if (c.OldStar == c.NewStar) continue;
            EngineMetrics.StarChanges.Add(1, new KeyValuePair<string, object?>("direction", c.IsUpgrade ? "upgrade" : "downgrade"),
                new KeyValuePair<string, object?>("cause", c.Cause.ToString()));
            if (live) await _screens.StarChangedAsync(notice, Snapshot, Ledger.RecentVisits);
        }
    }

    /// <summary>The state has changed since the last snapshot: the sweeper sees a write owed.</summary>
    private void MarkDirty()
    {
        _dirty = true;
        (_enrollment ??= _sweeper.Enroll(CustomerId)).Owes();
    }

    private CustomerSnapshot Snapshot()
    {
        var s = Ledger.Standing();
        var profile = Ledger.Profile;
        var manual = s.Manual is { } m ? new ManualStar(m.Star, m.Reason, m.ExpiresAt, m.SetBy, m.SetAt) : null;
        var shadow = Ledger.ShadowStanding() is var (version, under)
            ? new ShadowStanding(version.Version, under.Points, under.ContributionStar, under.ServiceStar)
            : null;
        return new CustomerSnapshot(CustomerId, s.Points, IndicatorPoints.From(s.Breakdown), s.ContributionStar,
            s.ServiceStar, s.ServiceStarCause, s.NextStar, s.PointsNeeded, [.. s.Products], manual,
            profile?.HomeBranchId, profile?.ManagerId, profile?.DisplayName,
            [.. Ledger.VisitedBranches.Order(StringComparer.Ordinal)], s.AsOf, shadow);
    }

    public Task<LedgerExport?> ExportLedger()
    {
        var ledger = _live?.ToSnapshot() ?? S.Ledger;
        return Task.FromResult(ledger is null ? null : new LedgerExport(ledger, S.Applied));
    }

    /// <summary>From the silo's sweeper: writes what is owed; a customer untouched for a whole period keeps only its
    /// snapshot in memory (about a third of the expanded ledger), and expands again on its next call.</summary>
    public async Task Sweep()
    {
        var enrollment = _enrollment;
        _enrollment = null;
        if (_grainOptions.StoresState) await FlushIfDirty(CancellationToken.None, shuttingDown: false);
        bool idle = enrollment is null || Environment.TickCount64 - enrollment.LastUsed >= (long)_grainOptions.FlushPeriod.TotalMilliseconds;
        if (idle && (!_dirty || !_grainOptions.StoresState))
        {
            if (_live is { } live)
            {
                // Its last changes may have come after the impact's seed read this customer's state, with nothing
                // since to make it report: it reports before it goes quiet (once per version and activation).
                await UseRules();
                live.Use(_book);
                _impact.Update(live, S.Applied);
            }
            if (!_grainOptions.StoresState)
            {
                // Nothing is stored here: the activation's own copy of the snapshot is all there is.
                await _history.FlushAsync(CancellationToken.None);
                if (_live is not null) S.Ledger = _live.ToSnapshot();
            }
            _live = null;
            return;
        }
        // Used since, or a write still owed (it failed): stay enrolled.
        _enrollment = _sweeper.Enroll(CustomerId);
        if (_dirty) _enrollment.Owes();
    }

    private async Task FlushIfDirty(CancellationToken cancellationToken, bool shuttingDown)
    {
        if (!_dirty && !_history.HasPending) return;
        try
        {
            await VerifyNoneMissed(cancellationToken);
            await _history.FlushAsync(cancellationToken);   // the snapshot below claims every entry up to LastSeq
            if (_live is not null) S.Ledger = _live.ToSnapshot();
            S.HistorySeq = _history.LastSeq;
            await _state.WriteStateAsync(cancellationToken);
            _dirty = false;
            _enrollment?.Settled();
            _snapshotApplied = S.Applied;
            _rowsSinceSnapshot = 0;
        }
        catch (Exception ex) when (shuttingDown)
        {
            _logger.LogDebug(ex, "State of customer {CustomerId} not written at shutdown.", CustomerId);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not write the state of customer {CustomerId}; will retry.", CustomerId);
        }
    }

    /// <summary>Before a snapshot claims every journal change up to <see cref="CustomerGrainState.Applied"/>: if Orleans
    /// briefly ran a second activation of this customer (a membership change), the dispatcher may have delivered some
    /// of them to that doomed activation only. Counting the journal's changes in the stretch this snapshot adds and
    /// comparing with what this activation applied finds that; the missing ones are replayed here (the ledger ignores
    /// the ones it has). Without this, the snapshot would step past them and no replay would ever apply them.</summary>
    private async Task VerifyNoneMissed(CancellationToken cancellationToken)
    {
        if (!_journal.Replays || S.Applied <= _snapshotApplied) return;
        long journaled = await _journal.CountCustomerAsync(CustomerId, _snapshotApplied, S.Applied, cancellationToken);
        if (journaled == _rowsSinceSnapshot) return;
        _logger.LogWarning("Customer {CustomerId} applied {Applied} of the {Journaled} journal changes after {Position}; replaying them.",
            CustomerId, _rowsSinceSnapshot, journaled, _snapshotApplied);
        var rows = await _journal.ReadCustomerAsync(CustomerId, _snapshotApplied, S.Applied, cancellationToken);
        await Apply(rows, live: false, skipApplied: false);
        _rowsSinceSnapshot = journaled;
    }
}
