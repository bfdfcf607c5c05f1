namespace CrmActors.Scoring;

// The sweep: walks the sorted entries and the bank days in time order, keeping window sums that make the points
// of any moment an O(1) formula, and the stars §2–3 derive from those moments.
//
// For a balance indicator with total end-of-day balance B(d), a change of Δ on day c contributes to the window
// [D-W+1, D] the amount Δ·W when c ≤ D-W+1 ("base") and Δ·(D-c+1) otherwise. So
//     S(D) = W·base + (D+1)·inSum − inWeighted,   inSum = ΣΔ, inWeighted = ΣΔ·c over the in-window changes,
// and the daily average is S(D)/W (§1 Decision (window)). Today's balance counts as today's end of day, so the
// points move in real time. Fee amounts are plain sums over the window.
public sealed partial class CustomerLedger
{
    private const int BalanceIndicators = 5;
    private const int FeeBusinesses = 3;
    private const int Products = 6;

    private readonly decimal[] _base = new decimal[BalanceIndicators];
    private readonly decimal[] _inSum = new decimal[BalanceIndicators];
    private readonly decimal[] _inWeighted = new decimal[BalanceIndicators];
    private readonly decimal[] _feeSum = new decimal[FeeBusinesses];
    private readonly bool[] _held = new bool[Products];
    private decimal[] _accountBalance = [];

    private bool _built;
    private int _day;                 // the evaluation day D
    private long _nextDayStartTicks;  // 00:00 of D+1, UTC ticks
    private int _next;                // entries before this index have been swept
    private int _balanceTrail;        // balance entries before this index have moved to base
    private int _feeTrail;            // fee entries before this index have left the window
    private long _lastMoment = long.MinValue;
    private long _evaluateFrom = long.MinValue;

    private int _ratingDay = int.MinValue;   // R: the last rating day swept
    private int _nextRatingDay;
    private int _compactedFor = int.MinValue;
    private Star _contributionStar = Star.Unrated;
    private Star _ratingDayStar = Star.Unrated;   // §3.3: max(contribution star, floors held) on R
    private Star _monthMax = Star.Unrated;        // §3: max over moments since R of max(points star, floor)
    private StarChangeCause _monthCause = StarChangeCause.Points;

    /// <summary>The points of the current moment, per indicator.</summary>
    private PointsBreakdown Breakdown()
    {
        var r = _options.Rates;
        decimal denominator = _window * 10_000m;
        decimal Balance(int i, decimal rate) => WindowSum(i) * rate / denominator;
        return new PointsBreakdown(
            Balance(0, r.ShortTermAssets), Balance(1, r.LongTermAssets), Balance(2, r.Mortgage),
            Balance(3, r.OtherLoans), Balance(4, r.CardOverdraft),
            _feeSum[0] * r.Investment / 10_000m, _feeSum[1] * r.CardSpending / 10_000m, _feeSum[2] * r.Settlement / 10_000m);
    }

    /// <summary>§2 on the exact value: compares W·10,000·points (a sum of products, no division) with the scaled
    /// thresholds, so a customer exactly on a threshold is never pushed below it by decimal rounding.</summary>
    private Star PointsStar()
    {
        var r = _options.Rates;
        decimal scaled =
            WindowSum(0) * r.ShortTermAssets + WindowSum(1) * r.LongTermAssets + WindowSum(2) * r.Mortgage +
            WindowSum(3) * r.OtherLoans + WindowSum(4) * r.CardOverdraft +
            _window * (_feeSum[0] * r.Investment + _feeSum[1] * r.CardSpending + _feeSum[2] * r.Settlement);
        var t = _scaledThresholds;
        return scaled switch
        {
            _ when scaled >= t[0] => Star.Seven,
            _ when scaled >= t[1] => Star.Six,
            _ when scaled >= t[2] => Star.Five,
            _ when scaled >= t[3] => Star.Four,
            _ when scaled >= t[4] => Star.Three,
            > 0m => Star.Quasi,
            _ => Star.Unrated,
        };
    }

    /// <summary>Σ end-of-day balances over the window ending on D, for one balance indicator.</summary>
    private decimal WindowSum(int indicator) =>
        _window * _base[indicator] + (_day + 1m) * _inSum[indicator] - _inWeighted[indicator];

    private Star Floor()
    {
        var floor = Star.Unrated;
        for (int p = 0; p < Products; p++)
            if (_held[p]) floor = StarScale.Max(floor, _floors[p]);
        return floor;
    }

    /// <summary>§3 "in short": a live manual setting, else the higher of the rating-day star and the month's best moment.
    /// The cause says what holds the star up: the month's moments when they reach it (points, or a product), else
    /// the rating day (the star is kept from it while the points are lower).</summary>
    private (Star Star, StarChangeCause Cause) ServiceStarNow()
    {
        if (_manual is not null) return (_manual.Star, StarChangeCause.Manual);
        return _ratingDayStar > _monthMax
            ? (_ratingDayStar, StarChangeCause.RatingDay)
            : (_monthMax, _monthCause);
    }

    /// <summary>Rebuilds the sweep from the horizon up to now; announces the net change once, at now (§3: a late
    /// event that lifts a past moment lifts the service star now).</summary>
    private void Rebuild(List<StarChange> changes)
    {
        RebuildCount++;
        var now = Now;
        int today = _calendar.DayOf(now.UtcTicks);
        int ratingDay = _calendar.RatingDayOnOrBefore(today);
        int horizon = ratingDay - _window;
        long horizonStart = _calendar.DayStartUtcTicks(horizon);
        Compact(_calendar.DayStartUtcTicks(ratingDay - _retain));
        _compactedFor = ratingDay;   // the sweep below ends past this rating day

        Array.Clear(_base);
        Array.Clear(_inSum);
        Array.Clear(_inWeighted);
        Array.Clear(_feeSum);
        Array.Clear(_held);
        if (_accountBalance.Length < _accountIds.Count) _accountBalance = new decimal[_accountIds.Count];
        else Array.Clear(_accountBalance);
        _next = _balanceTrail = _feeTrail = 0;
        _ratingDay = int.MinValue;
        _contributionStar = _ratingDayStar = _monthMax = Star.Unrated;
        _monthCause = StarChangeCause.Points;

        // What happened before the horizon is only carry-in: the sweep starts on the day before it.
        _day = horizon - 1;
        _nextDayStartTicks = horizonStart;
        _nextRatingDay = _calendar.NextRatingDayAfter(_day);
        while (_next < _entries.Count && _entries[_next].Ticks < horizonStart) Sweep(_next++);
        RetireFromWindow();
        _lastMoment = horizonStart - 1;
        _built = true;

        // Moments before the last rating day cannot change today's stars: sweep them without evaluating.
        var manualBefore = _manual;
        _evaluateFrom = _calendar.DayStartUtcTicks(ratingDay);
        AdvanceTo(now, announce: false, changes);
        _evaluateFrom = long.MinValue;

        var (service, cause) = ServiceStarNow();
        if (service != _announced)
        {
            // A manual setting that expired during this sweep (a restored ledger, or a late event before any
            // refresh) is why the star moves: report it as the live sweep would, cause Manual (§3 last paragraph).
            string? reason = null;
            if (manualBefore is not null && _manual is null) (cause, reason) = (StarChangeCause.Manual, "expired");
            var breakdown = Breakdown();
            changes.Add(new StarChange(_announced, service, cause, breakdown.Total, breakdown, now, reason));
            _announced = service;
        }
    }

    /// <summary>Sweeps every moment up to <paramref name="until"/>: day starts, groups of events at one instant,
    /// and the expiry of a manual setting.</summary>
    private void AdvanceTo(DateTimeOffset until, bool announce, List<StarChange> changes)
    {
        long limit = until.UtcTicks;
        while (true)
        {
            long nextEntry = _next < _entries.Count ? _entries[_next].Ticks : long.MaxValue;
            long expiry = _manual?.ExpiresAt?.UtcTicks ?? long.MaxValue;
            long moment = Math.Min(Math.Min(nextEntry, _nextDayStartTicks), expiry);
            if (moment > limit) return;

            bool ratingDayStart = false;
            if (moment == _nextDayStartTicks)
            {
                if (moment < _evaluateFrom)
                {
                    // Warm-up: quiet days before the next entry, rating day or evaluated moment need no visit.
                    int target = Math.Min(_nextRatingDay, Math.Min(
                        _calendar.DayOf(Math.Min(Math.Min(nextEntry, expiry), limit)), _calendar.DayOf(_evaluateFrom)));
                    if (target > _day + 1)
                    {
                        _day = target - 1;
                        moment = _calendar.DayStartUtcTicks(target);
                        // The skipped days still move the window: retire for D = target − 1 before NextDay rates it
                        // (a rating day's contribution star reads the window ending the day before).
                        RetireFromWindow();
                    }
                }
                ratingDayStart = NextDay();
            }
            while (_next < _entries.Count && _entries[_next].Ticks == moment) Sweep(_next++);
            string? manualEnded = null;
            if (expiry <= moment)
            {
                _manual = null;
                manualEnded = "expired";
            }
            _lastMoment = moment;
            Evaluate(moment, ratingDayStart, manualEnded, announce, changes);
        }
    }

    private void Evaluate(long moment, bool ratingDayStart, string? manualEnded, bool announce, List<StarChange> changes)
    {
        if (moment < _evaluateFrom) return;
        var pointsStar = PointsStar();
        var floor = Floor();
        var momentStar = StarScale.Max(pointsStar, floor);
        if (momentStar > _monthMax)
        {
            _monthMax = momentStar;
            _monthCause = pointsStar >= floor ? StarChangeCause.Points : StarChangeCause.Product;
        }
        if (!announce) return;
        var (service, cause) = ServiceStarNow();
        if (service == _announced) return;
        if (ratingDayStart) cause = StarChangeCause.RatingDay;
        if (manualEnded is not null) cause = StarChangeCause.Manual;
        var breakdown = Breakdown();
        changes.Add(new StarChange(_announced, service, cause, breakdown.Total, breakdown,
            new DateTimeOffset(moment, TimeSpan.Zero), manualEnded));
        _announced = service;
    }

    /// <summary>Moves D to the next day. On a rating day, first rates the customer on the day that ends (§2: the
    /// window ending the day before, every event before 00:00) and sets the rating-day service star (§3.3).</summary>
    private bool NextDay()
    {
        int newDay = _day + 1;
        bool rating = newDay == _nextRatingDay;
        if (rating)
        {
            _contributionStar = PointsStar();
            _ratingDayStar = StarScale.Max(_contributionStar, Floor());
            _ratingDay = newDay;
            _monthMax = Star.Unrated;
            _monthCause = StarChangeCause.Points;
            _nextRatingDay = _calendar.NextRatingDayAfter(newDay);
        }
        _day = newDay;
        _nextDayStartTicks = _calendar.DayStartUtcTicks(newDay + 1);
        RetireFromWindow();
        return rating;
    }

    private void Sweep(int index)
    {
        var e = _entries[index];
        switch (e.Kind)
        {
            case EntryKind.Balance:
                decimal delta = e.Amount - _accountBalance[e.Account];
                _accountBalance[e.Account] = e.Amount;
                e.Delta = delta;
                _entries[index] = e;
                _inSum[e.Code] += delta;
                _inWeighted[e.Code] += delta * e.Day;
                break;
            case EntryKind.Fee:
                _feeSum[e.Code] += Counted(e);
                break;
            case EntryKind.Product:
                _held[e.Code] = e.Account == (int)ProductAction.Opened;
                break;
        }
    }

    /// <summary>Lazily retires what the window left behind: balance changes older than the window's first day
    /// count for every day of it (base); fee amounts before it no longer count.</summary>
    private void RetireFromWindow()
    {
        int baseLimit = _day - _window + 1;
        while (_balanceTrail < _next && _entries[_balanceTrail].Day <= baseLimit)
        {
            var e = _entries[_balanceTrail++];
            if (e.Kind != EntryKind.Balance) continue;
            _base[e.Code] += e.Delta;
            _inSum[e.Code] -= e.Delta;
            _inWeighted[e.Code] -= e.Delta * e.Day;
        }
        int feeLimit = _day - _window;
        while (_feeTrail < _next && _entries[_feeTrail].Day <= feeLimit)
        {
            var e = _entries[_feeTrail++];
            if (e.Kind == EntryKind.Fee) _feeSum[e.Code] -= Counted(e);
        }
    }

    /// <summary>Once a month the horizon moves: when that leaves entries behind, drop them and rebuild.</summary>
    private void CompactIfRatingDayPassed(List<StarChange> changes)
    {
        if (!_built || _ratingDay == _compactedFor) return;
        _compactedFor = _ratingDay;
        if (Compact(_calendar.DayStartUtcTicks(_ratingDay - _retain)) > 0) Rebuild(changes);
    }

    /// <summary>Drops what no rating can need any more: fee entries before the horizon, and every balance or
    /// product entry before it except the newest per account or product (kept even when zero or closed, so that a
    /// late, older event stays superseded). Returns how many entries went; in place, no allocation.</summary>
    private int Compact(long horizonStart)
    {
        int firstKept = 0;
        while (firstKept < _entries.Count && _entries[firstKept].Ticks < horizonStart) firstKept++;
        if (firstKept == 0) return 0;
        Span<int> newestProduct = stackalloc int[Products];
        Span<int> newestAccount = _accountIds.Count <= 256 ? stackalloc int[_accountIds.Count] : new int[_accountIds.Count];
        for (int i = 0; i < firstKept; i++)
        {
            var e = _entries[i];
            if (e.Kind == EntryKind.Balance) newestAccount[e.Account] = i;
            else if (e.Kind == EntryKind.Product) newestProduct[e.Code] = i;
        }
        int write = 0;
        for (int i = 0; i < firstKept; i++)
        {
            var e = _entries[i];
            if ((e.Kind == EntryKind.Balance && newestAccount[e.Account] == i) ||
                (e.Kind == EntryKind.Product && newestProduct[e.Code] == i))
                _entries[write++] = e;
        }
        int removed = firstKept - write;
        if (removed > 0) _entries.RemoveRange(write, removed);
        return removed;
    }
}
