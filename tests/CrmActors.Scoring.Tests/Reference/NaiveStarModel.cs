using CrmActors.Scoring.Events;

namespace CrmActors.Scoring.Tests.Reference;

/// <summary>What the naive model says a customer's standing is at one instant.</summary>
/// <param name="Breakdown">Points per indicator in the order of §1's table: short-term assets, medium/long-term
/// assets, mortgage, other loans, card overdraft, investment, card spending, settlement.</param>
public sealed record NaiveStanding(
    decimal Points, IReadOnlyList<decimal> Breakdown, Star ContributionStar, Star ServiceStar,
    IReadOnlyList<ProductType> Products);

/// <summary>
/// A deliberately naive reference for star-model.md §1–3, written from the spec and nothing else: it recomputes
/// everything by brute force from the full event list at one evaluation instant. No window sums, no sweep, no
/// caching beyond day starts; it shares only enums, <see cref="StarScale"/>, <see cref="IndicatorRates"/> and
/// <see cref="EventIdHash"/> (the tie-break at one instant) with the library. Days come straight from
/// <see cref="TimeZoneInfo"/>, not from <see cref="BankCalendar"/>, and rating days are found by walking back.
/// </summary>
/// <remarks>Points per indicator are Σ daily balances × rate / (W × 10,000) and Σ counted fees × rate / 10,000, the
/// decimal formulas the library must match exactly. The star of a moment compares the unrounded points with the
/// thresholds (§1 Decision (precision)), not the sum of the eight rounded values, which can fall a hair short.
/// Manual settings (§3.2) are not modelled: the property tests never set one.</remarks>
public sealed class NaiveStarModel
{
    private readonly TimeZoneInfo _zone;
    private readonly int _window;
    private readonly int _ratingDayOfMonth;
    private readonly IndicatorRates _rates;
    private readonly IReadOnlyDictionary<string, decimal> _caps;
    private readonly StarModelOptions _options;
    private readonly Dictionary<int, long> _dayStarts = [];

    public NaiveStarModel(StarModelOptions options)
    {
        _zone = options.BankTimeZone;
        _window = options.WindowDays;
        _ratingDayOfMonth = options.RatingDayOfMonth;
        _rates = options.Rates;
        _caps = options.FeeCaps;
        _options = options;
    }

    public NaiveStanding Evaluate(IEnumerable<CustomerEvent> events, DateTimeOffset now)
    {
        long nowTicks = now.UtcTicks;
        // The same event applied twice is one event; nothing that occurs after now has happened yet.
        var known = events
            .Where(e => e is BalanceReported or FeeBusinessTransacted or ProductChanged)
            .Where(e => e.OccurredAt.UtcTicks <= nowTicks)
            .DistinctBy(e => (e.Producer, e.EventId, e.OccurredAt.UtcTicks))
            .ToList();
        var history = new History(known);

        // §2 Decision (which rating day): the points as of the instant just before 00:00 of the most recent rating
        // day, over the window ending the day before it.
        int today = DayOf(nowTicks);
        int ratingDay = MostRecentRatingDay(today);
        long ratingDayStart = DayStartTicks(ratingDay);
        long justBefore = ratingDayStart - 1;
        var contribution = PointsAt(history, justBefore).Star;

        // §3.3: on the rating day, the higher of the contribution star and the floors of the products held then.
        var service = Max(contribution, FloorAt(history, justBefore));

        // §3 "in short": every moment since the rating day — each day start and each distinct event instant, all
        // events at one instant applied together — lifts the service star to max(star of its points, its floors).
        var moments = new SortedSet<long>();
        for (int day = ratingDay; day <= today; day++) moments.Add(DayStartTicks(day));
        foreach (var e in known)
            if (e.OccurredAt.UtcTicks >= ratingDayStart) moments.Add(e.OccurredAt.UtcTicks);
        foreach (long moment in moments)
        {
            var pointsStar = PointsAt(history, moment).Star;
            service = Max(service, Max(pointsStar, FloorAt(history, moment)));
        }

        var breakdown = PointsAt(history, nowTicks).Breakdown;
        var products = Enum.GetValues<ProductType>().Where(p => history.Holds(p, nowTicks)).ToList();
        return new NaiveStanding(Total(breakdown), breakdown, contribution, service, products);
    }

    /// <summary>§1 at instant <paramref name="t"/>: the window is the W (183) days ending with t's bank day.</summary>
    private Points PointsAt(History history, long t)
    {
        int evaluationDay = DayOf(t);
        int firstDay = evaluationDay - _window + 1;

        // Balance indicators: the sum of every day's end-of-day balance of every account (0 before it existed);
        // for the evaluation day itself, the balance at t (§1 Decision (window): today counts in real time).
        var dailySums = new decimal[5];
        for (int day = firstDay; day <= evaluationDay; day++)
        {
            long endOfDay = day == evaluationDay ? t : DayStartTicks(day + 1) - 1;
            foreach (var account in history.Accounts)
                dailySums[(int)account.Indicator] += account.BalanceAt(endOfDay);
        }

        // Fee businesses: min(amount, cap) × feeShare over transactions whose bank day is in the window, up to t.
        var feeSums = new decimal[3];
        foreach (var fee in history.Fees)
        {
            long ticks = fee.OccurredAt.UtcTicks;
            int day = DayOf(ticks);
            if (ticks > t || day < firstDay || day > evaluationDay) continue;
            decimal amount = fee.Amount;
            if (fee.BusinessCode is { } code && _caps.TryGetValue(code, out var cap)) amount = Math.Min(amount, cap);
            feeSums[(int)fee.Business] += amount * fee.FeeShare;
        }

        // §1 Decision (precision): threshold tests use the unrounded value, so the star compares the exact points
        // (numerator / (W × 10,000)) with each threshold, with no division.
        decimal numerator =
            dailySums[0] * _rates.ShortTermAssets + dailySums[1] * _rates.LongTermAssets + dailySums[2] * _rates.Mortgage +
            dailySums[3] * _rates.OtherLoans + dailySums[4] * _rates.CardOverdraft +
            _window * (feeSums[0] * _rates.Investment + feeSums[1] * _rates.CardSpending + feeSums[2] * _rates.Settlement);
        var star = Star.Unrated;
        if (numerator > 0m) star = Star.Quasi;
        foreach (var level in new[] { Star.Three, Star.Four, Star.Five, Star.Six, Star.Seven })
            if (numerator >= _options.Thresholds.For(level)!.Value * _window * 10000m) star = level;

        return new Points(star,
        [
            dailySums[0] * _rates.ShortTermAssets / (_window * 10000m),
            dailySums[1] * _rates.LongTermAssets / (_window * 10000m),
            dailySums[2] * _rates.Mortgage / (_window * 10000m),
            dailySums[3] * _rates.OtherLoans / (_window * 10000m),
            dailySums[4] * _rates.CardOverdraft / (_window * 10000m),
            feeSums[0] * _rates.Investment / 10000m,
            feeSums[1] * _rates.CardSpending / 10000m,
            feeSums[2] * _rates.Settlement / 10000m,
        ]);
    }

    /// <summary>The points at one instant: per indicator (rounded only by decimal division), and their star.</summary>
    private sealed record Points(Star Star, decimal[] Breakdown);

    private static decimal Total(decimal[] breakdown)
    {
        decimal total = 0m;
        foreach (decimal points in breakdown) total += points;
        return total;
    }

    /// <summary>§3.1: the highest floor among the products held at <paramref name="t"/>.</summary>
    private Star FloorAt(History history, long t)
    {
        var floor = Star.Unrated;
        foreach (var product in Enum.GetValues<ProductType>())
            if (history.Holds(product, t) && _options.ProductFloors.TryGetValue(product, out var f)) floor = Max(floor, f);
        return floor;
    }

    private static Star Max(Star a, Star b) => a >= b ? a : b;

    private int DayOf(long utcTicks) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), _zone)).DayNumber;

    private long DayStartTicks(int day)
    {
        if (_dayStarts.TryGetValue(day, out long ticks)) return ticks;
        var localMidnight = DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        ticks = TimeZoneInfo.ConvertTimeToUtc(localMidnight, _zone).Ticks;
        _dayStarts[day] = ticks;
        return ticks;
    }

    /// <summary>§2: the rating day (clamped to short months) on or before <paramref name="day"/>, found by walking
    /// back one day at a time.</summary>
    private int MostRecentRatingDay(int day)
    {
        for (int d = day; ; d--)
        {
            var date = DateOnly.FromDayNumber(d);
            if (date.Day == Math.Min(_ratingDayOfMonth, DateTime.DaysInMonth(date.Year, date.Month))) return d;
        }
    }

    /// <summary>The events, grouped the way the rules read them.</summary>
    private sealed class History
    {
        public History(IReadOnlyList<CustomerEvent> events)
        {
            Accounts = events.OfType<BalanceReported>()
                .GroupBy(b => (b.AccountId, b.Indicator))
                .Select(g => new Account(g.Key.Indicator, g.ToList()))
                .ToList();
            Fees = events.OfType<FeeBusinessTransacted>().ToList();
            _products = events.OfType<ProductChanged>().ToList();
        }

        public IReadOnlyList<Account> Accounts { get; }

        public IReadOnlyList<FeeBusinessTransacted> Fees { get; }

        private readonly List<ProductChanged> _products;

        /// <summary>A product is held at t when its newest open/close event at or before t is an open.</summary>
        public bool Holds(ProductType product, long t)
        {
            ProductChanged? newest = null;
            foreach (var p in _products)
                if (p.Product == product && p.OccurredAt.UtcTicks <= t && (newest is null || Newer(p, newest))) newest = p;
            return newest?.Action == ProductAction.Opened;
        }
    }

    private sealed class Account(BalanceIndicator indicator, List<BalanceReported> events)
    {
        public BalanceIndicator Indicator { get; } = indicator;

        /// <summary>The balance of the account's newest event at or before t (ties: larger id hash), else 0.</summary>
        public decimal BalanceAt(long t)
        {
            BalanceReported? newest = null;
            foreach (var b in events)
                if (b.OccurredAt.UtcTicks <= t && (newest is null || Newer(b, newest))) newest = b;
            return newest?.Balance ?? 0m;
        }
    }

    /// <summary>Newer by time; at the same instant the larger <see cref="EventIdHash"/> counts as the later one.</summary>
    private static bool Newer(CustomerEvent a, CustomerEvent b) =>
        a.OccurredAt.UtcTicks != b.OccurredAt.UtcTicks
            ? a.OccurredAt.UtcTicks > b.OccurredAt.UtcTicks
            : a.IdHash > b.IdHash;
}
