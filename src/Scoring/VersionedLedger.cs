using CrmActors.Scoring.Events;

namespace CrmActors.Scoring;

/// <summary>One customer under the rule book: its ledger computes under the version in force today, and — while a
/// version is proposed or scheduled — a second ledger computes the same events under that version (issue 12).</summary>
/// <remarks>
/// <para>Which version a customer is computed under follows from the book and the clock alone: when the rating day
/// a scheduled version starts on has come, the ledger is rebuilt from its own entries under that version, so the
/// contribution star of that rating day and every moment after it use it, while what was announced before keeps the
/// version it was computed under (each <see cref="StarChange"/> carries it). A customer restored from a snapshot or
/// replayed from the journal after that day is built under the same version from the same entries: the same stars on
/// any node. The old ledger is never swept across the rating day, so no star is computed under a version on a day
/// it was not in force.</para>
/// <para>The second ledger is derived, never stored: it is built from the first one's snapshot (the entries keep each
/// fee's own amount, share and code, so they count under any version's caps) and fed the same events after.</para>
/// </remarks>
public sealed class VersionedLedger
{
    private readonly TimeProvider _clock;
    private RuleBook _book;
    private RuleSet _version;
    private CustomerLedger _ledger;
    private RuleSet? _pending;
    private CustomerLedger? _shadow;

    public VersionedLedger(RuleBook book, TimeProvider clock, byte[]? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(book);
        _clock = clock;
        _book = book;
        _version = book.InForceOn(Today);
        _ledger = Build(_version, snapshot);
    }

    /// <summary>The ledger of the version in force (profile, manual setting, visits: the same under every version).</summary>
    public CustomerLedger Ledger
    {
        get
        {
            FollowTheDate();
            return _ledger;
        }
    }

    /// <summary>True once any event has been applied: the customer has been seen.</summary>
    public bool HasHistory => _ledger.HasHistory;

    public CustomerProfile? Profile => _ledger.Profile;

    public IReadOnlyCollection<string> VisitedBranches => _ledger.VisitedBranches;

    public IReadOnlyList<BranchVisit> RecentVisits => _ledger.RecentVisits;

    /// <summary>The version the customer is computed under today.</summary>
    public RuleSet Version
    {
        get
        {
            FollowTheDate();
            return _version;
        }
    }

    public RuleBook Book => _book;

    /// <summary>Takes a new book (a version proposed, scheduled or deleted). Nothing is recomputed until used.</summary>
    public void Use(RuleBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (ReferenceEquals(book, _book)) return;
        _book = book;
        var pending = book.PendingOn(Today);
        if (pending?.Version != _pending?.Version)
        {
            _pending = null;
            _shadow = null;
        }
        // A pending version with a longer window needs the entries it will read on its first rating day.
        if (pending is not null && pending.Options.WindowDays > _ledger.RetainDays)
            _ledger = Rebuilt(_ledger, _version.Options);
    }

    public LedgerUpdate Apply(CustomerEvent[] events)
    {
        FollowTheDate();
        var update = _ledger.Apply(events);
        if (_shadow is not null)
        {
            try
            {
                _shadow.Apply(events);
            }
            catch (Exception)
            {
                _shadow = null;   // derived: rebuilt from the ledger when next read
            }
        }
        return Stamped(update);
    }

    public IReadOnlyList<StarChange> Refresh()
    {
        FollowTheDate();
        return Stamped(_ledger.Refresh());
    }

    public CustomerStanding Standing()
    {
        FollowTheDate();
        return _ledger.Standing();
    }

    /// <summary>The tier outlook on the next rating day R, under the version in force on R: a version scheduled from R
    /// projects with its own figures (thresholds, rates, floors, counted fees), compared with the service star held now
    /// under today's version. Otherwise the ledger's own outlook.</summary>
    public TierOutlook Outlook()
    {
        FollowTheDate();
        if (_book.PendingOn(Today) is { EffectiveFrom: { } from } scheduled)
        {
            // R on the version's own calendar (its rating day is one of its figures): projected once, under one version.
            var shadow = Shadow(scheduled);
            var calendar = shadow.Calendar;
            if (BankCalendar.Date(calendar.NextRatingDayAfter(calendar.DayOf(_clock.GetUtcNow()))) == from)
                return shadow.Outlook(_ledger.ServiceStar());
        }
        return _ledger.Outlook();
    }

    /// <summary>The customer under the pending version, or null when none is pending.</summary>
    public (RuleSet Version, CustomerStanding Standing)? ShadowStanding()
    {
        FollowTheDate();
        var pending = _book.PendingOn(Today);
        if (pending is null) return null;
        return (pending, Shadow(pending).Standing());
    }

    /// <summary>The ledger under <paramref name="pending"/>, built from the first one's snapshot when not held yet.</summary>
    private CustomerLedger Shadow(RuleSet pending)
    {
        if (_shadow is null || _pending is null || _pending.Version != pending.Version)
        {
            _pending = pending;
            _shadow = CustomerLedger.FromSnapshot(_ledger.ToSnapshot(), pending.Options, _clock);
        }
        _shadow.Refresh();   // its changes are nobody's: only its stars and points are read
        return _shadow;
    }

    /// <summary>The service star under the version in force and under the pending one, or null when none is pending:
    /// the cheap check a customer makes per delivery before it computes the points of both (<see cref="ShadowStanding"/>).</summary>
    public (RuleSet Version, Star Now, Star Shadow)? ServiceStars()
    {
        FollowTheDate();
        var pending = _book.PendingOn(Today);
        if (pending is null) return null;
        var shadow = Shadow(pending);
        return (pending, _ledger.ServiceStar(), shadow.ServiceStar());
    }

    /// <summary>Whether a second ledger is held now (for the memory benchmark and tests).</summary>
    public bool HasShadow => _shadow is not null;

    public byte[] ToSnapshot() => _ledger.ToSnapshot();

    private DateOnly Today => _book.DayOf(_clock.GetUtcNow());

    /// <summary>When the rating day a scheduled version starts on has come, the customer is computed under it from then
    /// on (the shadow computed under it becomes unnecessary: the ledger now is that).</summary>
    private void FollowTheDate()
    {
        var inForce = _book.InForceOn(Today);
        if (inForce.Version == _version.Version) return;   // a version's figures never change once proposed
        _version = inForce;
        _ledger = Rebuilt(_ledger, inForce.Options);
        if (_pending is not null && _pending.Version == inForce.Version)
        {
            _pending = null;
            _shadow = null;
        }
    }

    private CustomerLedger Build(RuleSet version, byte[]? snapshot) => snapshot is null
        ? new CustomerLedger(version.Options, _clock, Retain(version.Options, _book.PendingOn(Today)))
        : CustomerLedger.FromSnapshot(snapshot, version.Options, _clock, Retain(version.Options, _book.PendingOn(Today)));

    private CustomerLedger Rebuilt(CustomerLedger from, StarModelOptions options) =>
        CustomerLedger.FromSnapshot(from.ToSnapshot(), options, _clock, Retain(options, _book.PendingOn(Today)));

    private static int Retain(StarModelOptions inForce, RuleSet? pending) =>
        Math.Max(inForce.WindowDays, pending?.Options.WindowDays ?? 0);

    private LedgerUpdate Stamped(LedgerUpdate update) =>
        update.StarChanges.Count == 0 ? update : update with { StarChanges = Stamped(update.StarChanges) };

    private IReadOnlyList<StarChange> Stamped(IReadOnlyList<StarChange> changes) =>
        changes.Count == 0 ? changes : [.. changes.Select(c => c with { RuleVersion = _version.Version })];
}
