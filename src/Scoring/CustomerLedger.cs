using CrmActors.Scoring.Events;

namespace CrmActors.Scoring;

/// <summary>
/// One customer's star points, contribution star and service star (star-model.md §1–3), kept incrementally.
/// </summary>
/// <remarks>
/// <para>The ledger stores only what the rules need: every balance, fee and product event from the horizon on
/// (the start of the window of the last rating day) plus, per account and per product, the newest event before
/// it (the balance it carries into the window). Everything else — window sums, holdings, the stars — is derived
/// by a sweep over that sorted list (<c>CustomerLedger.Sweep.cs</c>) and can be rebuilt at any time.</para>
/// <para>An event newer than every moment already evaluated (the live case) is swept in O(log n): a binary search
/// for its place and O(1) arithmetic; days leaving the window are retired lazily by two trailing cursors. An
/// event older than that ("late") changes past moments, so the sweep is rebuilt from the horizon once per batch
/// (O(n) in the customer's horizon), which is what makes the stars independent of arrival order (§3).</para>
/// <para>Not thread-safe: one grain owns one ledger.</para>
/// </remarks>
public sealed partial class CustomerLedger
{
    private const int MaxRecentVisits = 16;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<StarModelOptions, Figures> Shared = new();

    private readonly StarModelOptions _options;
    private readonly TimeProvider _clock;
    private readonly BankCalendar _calendar;
    private readonly int _window;
    private readonly int _retain;   // days of entries kept before the last rating day (≥ the window)
    private readonly decimal[] _scaledThresholds;   // §2 thresholds × W × 10,000, seven stars first, for PointsStar
    private readonly Star[] _floors;                // §3.1 per ProductType

    // Primary state: what the codec writes.
    private readonly List<LedgerEntry> _entries = [];
    private readonly List<string> _accountIds = [];
    private readonly List<BalanceIndicator> _accountIndicators = [];
    private readonly Dictionary<(string, BalanceIndicator), int> _accountIndex = [];
    private readonly List<string> _businessCodes = new(0);   // §1 Cap: fee entries name their code by index + 1
    private decimal[] _capOf = [];                           // the rule set's cap per code index; MaxValue: none
    private readonly List<(BranchVisit Visit, ulong IdHash)> _recentVisits = new(0);
    private readonly HashSet<string> _visitedBranches = new(StringComparer.Ordinal);
    private ManualStarSetting? _manual;
    private long _manualCommandTicks;   // the newest manual command applied (set or clear): (time, id hash)
    private ulong _manualCommandId;
    private CustomerProfile? _profile;
    private ulong _profileIdHash;
    private Star _announced = Star.Unrated;
    private bool _hasHistory;

    private readonly List<StarChange> _unreported = new(0);
    [ThreadStatic] private static List<StarChange>? t_scratch;   // per thread, not per customer: memory is per customer

    /// <param name="retainDays">How many days before the last rating day the ledger keeps its entries, when more than
    /// the window: a version proposed with a longer window needs them on the day it comes into force.</param>
    public CustomerLedger(StarModelOptions options, TimeProvider clock, int retainDays = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        if (options.WindowDays < 1) throw new ArgumentOutOfRangeException(nameof(options), "WindowDays must be positive.");
        _options = options;
        _clock = clock;
        // Shared by every ledger of one configuration: a million customers need one calendar, not a million.
        var figures = Shared.GetValue(options, o => new Figures(o));
        (_calendar, _scaledThresholds, _floors) = (figures.Calendar, figures.ScaledThresholds, figures.Floors);
        _window = options.WindowDays;
        _retain = Math.Max(_window, retainDays);
    }

    /// <summary>The rule set's figures in the form the sweep reads them, computed once per rule set.</summary>
    private sealed class Figures(StarModelOptions o)
    {
        public BankCalendar Calendar { get; } = new(o);
        public decimal[] ScaledThresholds { get; } = [.. StarThresholds.Rated.Reverse()
            .Select(star => o.Thresholds.For(star)!.Value * o.WindowDays * 10_000m)];
        public Star[] Floors { get; } = [.. Enumerable.Range(0, Products).Select(p => o.FloorOf((ProductType)p))];
    }

    /// <summary>Days of entries kept before the last rating day.</summary>
    public int RetainDays => _retain;

    /// <summary>The figures this ledger computes under.</summary>
    public StarModelOptions Options => _options;

    /// <summary>True once any event has been applied: the customer has been seen.</summary>
    public bool HasHistory => _hasHistory;

    public CustomerProfile? Profile => _profile;

    public ManualStarSetting? Manual => _manual;

    /// <summary>Branches at which the customer has been identified.</summary>
    public IReadOnlyCollection<string> VisitedBranches => _visitedBranches;

    /// <summary>The latest branch visits, oldest first.</summary>
    public IReadOnlyList<BranchVisit> RecentVisits => _recentVisits.Count == 0 ? [] : _recentVisits.Select(v => v.Visit).ToList();

    /// <summary>The service star last announced as a change (what staff screens were told).</summary>
    public Star AnnouncedServiceStar => _announced;

    /// <summary>Scored events held (for diagnostics and the state-size benchmark).</summary>
    public int EntryCount => _entries.Count;

    /// <summary>How many times the sweep was rebuilt (late events, rating-day compaction, first use).</summary>
    public int RebuildCount { get; private set; }

    public BankCalendar Calendar => _calendar;

    /// <summary>Applies events in any order; an event already applied (same producer, id and instant) changes
    /// nothing. Star changes are evaluated at the clock's now. All or nothing: when an event is outside the declared
    /// domain (<see cref="LedgerDomainException"/>) or applying fails in any other way, the ledger is left as it was
    /// and the exception is thrown, so the caller can set that event aside and apply the others.</summary>
    public LedgerUpdate Apply(IEnumerable<CustomerEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var batch = events is CustomerEvent[] array ? array : events.ToArray();
        var undo = Undo.For(this);
        try
        {
            return ApplyBatch(batch, undo);
        }
        catch
        {
            undo.Restore();
            throw;
        }
    }

    public LedgerUpdate Apply(params CustomerEvent[] events) => Apply((IEnumerable<CustomerEvent>)events);

    private LedgerUpdate ApplyBatch(CustomerEvent[] batch, Undo undo)
    {
        var changes = t_scratch ??= [];
        changes.Clear();
        changes.AddRange(_unreported);
        _unreported.Clear();
        List<BranchVisit>? visits = null;
        List<(long Ticks, ulong Id, CustomerEvent Command)>? manual = null;
        int applied = 0, duplicates = 0;
        long earliestScored = long.MaxValue;

        // Within a batch, apply in time order (ids break ties) so a batch is one stretch of the live stream. The order
        // lives in a per-thread buffer: one batch at a time per thread, cleared after, so no event is held on to.
        var order = t_order is { } buffer && buffer.Length >= batch.Length ? buffer : t_order = new (long, ulong, CustomerEvent)[Math.Max(16, batch.Length)];
        for (int i = 0; i < batch.Length; i++) order[i] = (batch[i].OccurredAt.UtcTicks, batch[i].IdHash, batch[i]);
        if (batch.Length > 1) Array.Sort(order, 0, batch.Length, ByTimeThenId.Instance);
        try
        {
            ApplyInOrder(order.AsSpan(0, batch.Length), undo, changes, ref visits, ref manual, ref applied, ref duplicates, ref earliestScored);
        }
        finally
        {
            Array.Clear(order, 0, batch.Length);
        }

        if (applied > 0) _hasHistory = true;
        if (!_built || earliestScored <= _lastMoment) Rebuild(changes);
        else AdvanceTo(Now, announce: true, changes);
        CompactIfRatingDayPassed(changes);
        if (manual is not null) foreach (var (ticks, id, command) in manual) ApplyManual(ticks, id, command, changes);
        return new LedgerUpdate(applied, duplicates, changes.Count == 0 ? [] : changes.ToArray(),
            (IReadOnlyList<BranchVisit>?)visits ?? []);
    }

    [ThreadStatic] private static (long Ticks, ulong Id, CustomerEvent Event)[]? t_order;

    private sealed class ByTimeThenId : IComparer<(long Ticks, ulong Id, CustomerEvent Event)>
    {
        public static readonly ByTimeThenId Instance = new();

        public int Compare((long Ticks, ulong Id, CustomerEvent Event) a, (long Ticks, ulong Id, CustomerEvent Event) b) =>
            a.Ticks != b.Ticks ? a.Ticks.CompareTo(b.Ticks) : a.Id.CompareTo(b.Id);
    }

    private void ApplyInOrder(ReadOnlySpan<(long Ticks, ulong Id, CustomerEvent Event)> order, Undo undo, List<StarChange> changes,
        ref List<BranchVisit>? visits, ref List<(long Ticks, ulong Id, CustomerEvent Command)>? manual,
        ref int applied, ref int duplicates, ref long earliestScored)
    {
        foreach (var (ticks, id, e) in order)
        {
            if (e.OccurredAt < LedgerDomain.EarliestTime)
                throw new LedgerDomainException($"occurredAt {e.OccurredAt:O} is before {LedgerDomain.EarliestTime:O}.");
            bool isNew = e switch
            {
                BalanceReported b => InsertEntry(new LedgerEntry
                {
                    Ticks = ticks, IdHash = id, Day = _calendar.DayOf(ticks), Kind = EntryKind.Balance,
                    Code = (byte)b.Indicator, Account = AccountIndex(b.AccountId, b.Indicator), Amount = CheckedBalance(b),
                }, undo),
                FeeBusinessTransacted f => InsertEntry(new LedgerEntry
                {
                    Ticks = ticks, IdHash = id, Day = _calendar.DayOf(ticks), Kind = EntryKind.Fee,
                    Code = (byte)f.Business, Amount = CheckedAmount(f), Account = FeeTerms(f),
                }, undo),
                ProductChanged p => InsertEntry(new LedgerEntry
                {
                    Ticks = ticks, IdHash = id, Day = _calendar.DayOf(ticks), Kind = EntryKind.Product,
                    Code = (byte)p.Product, Account = (int)p.Action,
                }, undo),
                ProfileUpdated p => ApplyProfile(p, id),
                BranchVisited v => ApplyVisit(v, id, visits ??= [], undo),
                ManualStarSet or ManualStarCleared => IsNewManualCommand(ticks, id, manual ??= []),
                _ => throw new ArgumentException($"Unknown event type {e.GetType().Name}.", "events"),
            };
            if (!isNew) { duplicates++; continue; }
            applied++;
            if (e is ManualStarSet or ManualStarCleared) manual!.Add((ticks, id, e));
            if (e is BalanceReported or FeeBusinessTransacted or ProductChanged)
                earliestScored = Math.Min(earliestScored, ticks);
        }
    }

    /// <summary>Brings the ledger to the clock's now: day ends, rating days, manual expiry. Returns the star
    /// changes that time alone caused (and any not yet reported).</summary>
    public IReadOnlyList<StarChange> Refresh()
    {
        var changes = t_scratch ??= [];
        changes.Clear();
        changes.AddRange(_unreported);
        _unreported.Clear();
        RefreshInto(changes);
        return changes.Count == 0 ? [] : changes.ToArray();
    }

    /// <summary>§3.2: manual commands are ordered by (time, id hash); the newest wins. A command older than the newest
    /// one applied changes nothing (it counts as applied: its journal row is consumed); the same command is a duplicate.</summary>
    private bool IsNewManualCommand(long ticks, ulong id, List<(long Ticks, ulong Id, CustomerEvent Command)> pending)
    {
        foreach (var p in pending)
            if (p.Ticks == ticks && p.Id == id) return false;
        return !(_manualCommandTicks == ticks && _manualCommandId == id);
    }

    /// <summary>Applies a manual command after the sweep reached now, and reports the audited change at the command's
    /// time (a set is always reported, old and new star may be equal; a clear only when a setting was in force).</summary>
    private void ApplyManual(long ticks, ulong id, CustomerEvent command, List<StarChange> changes)
    {
        if (ticks < _manualCommandTicks || (ticks == _manualCommandTicks && id < _manualCommandId)) return;
        _manualCommandTicks = ticks;
        _manualCommandId = id;
        var at = command.OccurredAt;
        switch (command)
        {
            case ManualStarSet set:
                if (string.IsNullOrWhiteSpace(set.Reason) || string.IsNullOrWhiteSpace(set.SetBy))
                    throw new LedgerDomainException("A manual setting needs a reason and who set it.");
                _manual = new ManualStarSetting(set.Star, set.Reason, at, set.SetBy, set.ExpiresAt);
                changes.Add(AnnounceManual(at, set.Reason, set.SetBy));
                if (set.ExpiresAt is { } expiry && expiry <= Now)
                {
                    // Applied after its expiry (a replay, or a slow delivery): it was in force from at to expiry.
                    _manual = null;
                    changes.Add(AnnounceManual(expiry, "expired", set.SetBy));
                }
                break;
            case ManualStarCleared clear:
                if (_manual is null) return;
                _manual = null;
                changes.Add(AnnounceManual(at, "cleared", clear.ClearedBy));
                break;
        }
    }

    /// <summary>The customer's standing now. Changes that bringing the ledger to now causes are kept and returned
    /// by the next <see cref="Apply(IEnumerable{CustomerEvent})"/> or <see cref="Refresh"/>.</summary>
    public CustomerStanding Standing()
    {
        RefreshInto(_unreported);
        var breakdown = Breakdown();
        decimal points = breakdown.Total;
        var (service, cause) = ServiceStarNow();
        var next = StarScale.Next(service);
        decimal? needed = next is { } n ? Math.Max(0m, _options.Thresholds.For(n)!.Value - points) : null;
        var products = new List<ProductType>();
        for (int p = 0; p < _held.Length; p++)
            if (_held[p]) products.Add((ProductType)p);
        return new CustomerStanding(points, breakdown, _contributionStar, service, cause, next, needed, products, _manual,
            _clock.GetUtcNow());
    }

    /// <summary>The service star now, without the rest of a standing (no points breakdown): what a customer compares
    /// per delivery to see whether its pair under two rule versions moved.</summary>
    public Star ServiceStar()
    {
        RefreshInto(_unreported);
        return ServiceStarNow().Star;
    }

    /// <summary>The ledger's clock: what "now" is to the rules.</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    private void RefreshInto(List<StarChange> changes)
    {
        if (!_built) Rebuild(changes);
        else AdvanceTo(Now, announce: true, changes);
        CompactIfRatingDayPassed(changes);
    }

    private StarChange AnnounceManual(DateTimeOffset at, string reason, string by)
    {
        var (service, _) = ServiceStarNow();
        var breakdown = Breakdown();
        var change = new StarChange(_announced, service, StarChangeCause.Manual, breakdown.Total, breakdown, at, reason, by);
        _announced = service;
        return change;
    }

    private static decimal CheckedBalance(BalanceReported b) =>
        LedgerDomain.IsMoney(b.Balance, 0m) ? b.Balance
            : throw new LedgerDomainException($"balance {b.Balance} is outside [0, {LedgerDomain.MaxMoney}] with two decimals.");

    private static decimal CheckedAmount(FeeBusinessTransacted f)
    {
        if (!LedgerDomain.IsMoney(f.Amount, 0.01m))
            throw new LedgerDomainException($"amount {f.Amount} is outside [0.01, {LedgerDomain.MaxMoney}] with two decimals.");
        if (!LedgerDomain.IsFeeShare(f.FeeShare))
            throw new LedgerDomainException($"feeShare {f.FeeShare} is outside [0, 1] with four decimals.");
        return f.Amount;
    }

    // A fee entry keeps the transaction's own amount, share and business code, not the counted amount: the cap is the
    // rule set's (§1 Cap), so the same entries count under any version — the one in force on a rating day, and a
    // shadow version built from this ledger's snapshot.
    private const int ShareBits = 14;   // the share in units of 10⁻⁴ (0 … 10,000); the code index + 1 above it

    private int FeeTerms(FeeBusinessTransacted f) =>
        (f.BusinessCode is { } code ? BusinessCodeIndex(code) + 1 : 0) << ShareBits | (int)(f.FeeShare * 10_000m);

    /// <summary>§1 Cap and Discount: min(amount, cap) × share of the standard fee charged.</summary>
    private decimal Counted(in LedgerEntry e)
    {
        decimal amount = e.Amount;
        int code = e.Account >> ShareBits;
        if (code > 0 && amount > _capOf[code - 1]) amount = _capOf[code - 1];
        int share = e.Account & ((1 << ShareBits) - 1);
        return share == FullShare ? amount : amount * new decimal(share, 0, 0, false, 4);
    }

    private int BusinessCodeIndex(string code)
    {
        int index = _businessCodes.IndexOf(code);   // a customer uses a handful of codes: a list beats a dictionary
        if (index >= 0) return index;
        if (_businessCodes.Count >= LedgerDomain.MaxBusinessCodes)
            throw new LedgerDomainException($"the customer already used {LedgerDomain.MaxBusinessCodes} business codes.");
        index = _businessCodes.Count;
        _businessCodes.Add(code);
        if (_capOf.Length <= index) Array.Resize(ref _capOf, Math.Max(2, 2 * index));
        _capOf[index] = _options.FeeCaps.TryGetValue(code, out var cap) ? cap : decimal.MaxValue;
        return index;
    }

    private int AccountIndex(string accountId, BalanceIndicator indicator)
    {
        // An account is keyed with its indicator so one account's balances always move one indicator.
        if (_accountIndex.TryGetValue((accountId, indicator), out int index)) return index;
        index = _accountIds.Count;
        if (index >= LedgerDomain.MaxAccounts)
            throw new LedgerDomainException($"the customer already holds {LedgerDomain.MaxAccounts} balance accounts.");
        _accountIds.Add(accountId);
        _accountIndicators.Add(indicator);
        _accountIndex.Add((accountId, indicator), index);
        if (_accountBalance.Length <= index) Array.Resize(ref _accountBalance, Math.Max(4, 2 * index));
        return index;
    }

    /// <summary>Inserts in (Ticks, IdHash) order; false when that event is already there.</summary>
    private bool InsertEntry(LedgerEntry entry, Undo undo)
    {
        if (_entries.Count >= LedgerDomain.MaxEntries)
            throw new LedgerDomainException($"the customer's ledger already holds {LedgerDomain.MaxEntries} scored events.");
        if (!InsertSorted(entry)) return false;
        undo.EntryInserted(entry.Ticks, entry.IdHash);
        return true;
    }

    private bool InsertSorted(LedgerEntry entry)
    {
        int lo = 0, hi = _entries.Count;
        // The live case appends: check the tail first.
        if (hi > 0 && _entries[hi - 1].CompareTo(entry.Ticks, entry.IdHash) < 0)
        {
            _entries.Add(entry);
            return true;
        }
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = _entries[mid].CompareTo(entry.Ticks, entry.IdHash);
            if (c == 0) return false;
            if (c < 0) lo = mid + 1; else hi = mid;
        }
        _entries.Insert(lo, entry);
        return true;
    }

    /// <summary>The newest profile wins (by time, then id); an older one is kept out but counts as applied.</summary>
    private bool ApplyProfile(ProfileUpdated p, ulong id)
    {
        if (_profile is { } current)
        {
            long t = current.UpdatedAt.UtcTicks;
            if (t == p.OccurredAt.UtcTicks && _profileIdHash == id) return false;
            if (t > p.OccurredAt.UtcTicks || (t == p.OccurredAt.UtcTicks && _profileIdHash > id)) return true;
        }
        _profile = new CustomerProfile(p.HomeBranchId, p.ManagerId, p.DisplayName, p.OccurredAt);
        _profileIdHash = id;
        return true;
    }

    private bool ApplyVisit(BranchVisited v, ulong id, List<BranchVisit> newVisits, Undo undo)
    {
        foreach (var (visit, hash) in _recentVisits)
            if (hash == id && visit.At == v.OccurredAt) return false;
        if (!_visitedBranches.Contains(v.BranchId) && _visitedBranches.Count >= LedgerDomain.MaxVisitedBranches)
            throw new LedgerDomainException($"the customer was already identified at {LedgerDomain.MaxVisitedBranches} branches.");
        undo.VisitsChanging();
        if (!_visitedBranches.Contains(v.BranchId)) undo.BranchAdded(v.BranchId);
        var added = new BranchVisit(v.BranchId, v.Channel, v.OccurredAt);
        int at = _recentVisits.FindLastIndex(x => x.Visit.At <= v.OccurredAt) + 1;
        _recentVisits.Insert(at, (added, id));
        if (_recentVisits.Count > MaxRecentVisits) _recentVisits.RemoveAt(0);
        _visitedBranches.Add(v.BranchId);
        newVisits.Add(added);
        return true;
    }
}
