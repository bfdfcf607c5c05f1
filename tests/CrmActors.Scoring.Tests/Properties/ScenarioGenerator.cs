using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Properties;

/// <summary>One event as it reaches the ledger: at <see cref="ArrivesAt"/>, possibly long after it occurred.</summary>
public sealed record Delivery(DateTimeOffset ArrivesAt, CustomerEvent Event);

/// <summary>A batch handed to <see cref="CustomerLedger.Apply(IEnumerable{CustomerEvent})"/> with the clock at
/// <see cref="At"/>; <see cref="CheckBefore"/> is a moment (or null) at which the test looks at the standing first.</summary>
public sealed record Batch(DateTimeOffset At, IReadOnlyList<CustomerEvent> Events, DateTimeOffset? CheckBefore);

/// <summary>A generated history of one customer and the way it arrives.</summary>
public sealed record Scenario(
    int Seed, StarModelOptions Options, DateTimeOffset Start, IReadOnlyList<CustomerEvent> Events,
    IReadOnlyList<Batch> Batches, DateTimeOffset End)
{
    /// <summary>Every delivered event, duplicates included, in arrival order.</summary>
    public IEnumerable<CustomerEvent> Delivered => Batches.SelectMany(b => b.Events);

    public override string ToString() =>
        $"seed {Seed}: {Events.Count} events in {Batches.Count} batches, window {Options.WindowDays}, " +
        $"rating day {Options.RatingDayOfMonth}, {Start:yyyy-MM-dd} .. {End:yyyy-MM-dd HH:mm}";
}

/// <summary>
/// A seeded generator of one customer's history over ~14 months: a few accounts across the five balance indicators,
/// fees across the three businesses (with caps and fee shares), product opens and closes. Times are chosen to hit the
/// edges the rules care about — 00:00 day starts, rating days, the tick before midnight, several events at one
/// instant — and arrivals include late events, a back-dated bulk load and exact duplicates.
/// </summary>
public sealed class ScenarioGenerator(int seed)
{
    private static readonly string?[] Codes = ["FUND-SUB", "GOLD", "REMIT-X", "POS", null, null];
    private static readonly decimal[] Shares = [1m, 1m, 1m, 1m, 0.6m, 0.5m, 0.25m, 0m];

    private readonly Random _random = new(seed);
    private readonly List<DateTimeOffset> _instants = [];
    private int _sequence;
    private DateTimeOffset _start;
    private DateTimeOffset _end;
    private int _spanDays;
    private int _ratingDayOfMonth;

    public Scenario Generate()
    {
        var options = Bank.Options(
            windowDays: _random.Next(5) == 0 ? 31 : 183,
            ratingDayOfMonth: _random.Next(6) switch { 0 => 31, 1 => 15, _ => 1 });
        _ratingDayOfMonth = options.RatingDayOfMonth;

        _spanDays = 400 + _random.Next(60);   // ~14 months: crosses the window edge and a dozen rating days
        _start = Bank.Midnight(2025, 1, 1).AddDays(_random.Next(365)).AddSeconds(_random.Next(86_400));
        _end = _start.AddDays(_spanDays);

        // Magnitude of this customer's money: from quasi-star to private banking.
        int magnitude = _random.Next(3, 8);
        var events = new List<CustomerEvent>();

        int accountCount = _random.Next(1, 5);
        var accounts = Enumerable.Range(0, accountCount)
            .Select(i => (Id: $"ACC-{i + 1}", Indicator: (BalanceIndicator)_random.Next(5)))
            .ToList();
        int balances = _random.Next(3, 36);
        for (int i = 0; i < balances; i++)
        {
            var (id, indicator) = accounts[_random.Next(accounts.Count)];
            decimal balance = _random.Next(8) == 0 ? 0m : Money(magnitude);
            events.Add(new BalanceReported(NextId(), Time(), id, indicator, balance));
        }

        int fees = _random.Next(0, 36);
        for (int i = 0; i < fees; i++)
        {
            var business = (FeeBusinessType)_random.Next(3);
            events.Add(new FeeBusinessTransacted(NextId(), Time(), business, Money(magnitude - 1),
                Codes[_random.Next(Codes.Length)], Shares[_random.Next(Shares.Length)]));
        }

        int products = _random.Next(0, 7);
        for (int i = 0; i < products; i++)
        {
            var action = _random.Next(3) == 0 ? ProductAction.Closed : ProductAction.Opened;
            events.Add(new ProductChanged(NextId(), Time(), (ProductType)_random.Next(6), action));
        }

        var deliveries = Arrivals(events);
        var batches = Batches(deliveries);
        var last = batches.Count == 0 ? _end : batches[^1].At;
        // Sometimes look a while after the last arrival: day ends, a rating day or the window edge pass with no event.
        var end = _random.Next(3) == 0 ? last : last.AddMinutes(_random.Next(60 * 24 * 45));
        return new Scenario(seed, options, _start, events, batches, end);
    }

    private string NextId() => $"evt-{seed:D5}-{++_sequence:D6}";

    /// <summary>2-decimal money up to 10^magnitude CNY.</summary>
    private decimal Money(int magnitude)
    {
        long max = (long)Math.Pow(10, Math.Max(1, magnitude)) * 100;
        return _random.NextInt64(1, max) / 100m;
    }

    /// <summary>A business time inside the span, biased to the edges of days and rating days and to the last weeks
    /// (where the current month's moments are).</summary>
    private DateTimeOffset Time()
    {
        DateTimeOffset t;
        int kind = _random.Next(20);
        if (kind < 3 && _instants.Count > 0) t = _instants[_random.Next(_instants.Count)];   // same instant as another
        else if (kind < 6) t = DayStart(RandomDay());                                          // exactly 00:00
        else if (kind < 7) t = RatingDayStart();                                               // a rating day's 00:00
        else if (kind < 8) t = DayStart(RandomDay()).AddTicks(-1);                             // the tick before 00:00
        else if (kind < 13) t = _end.AddDays(-_random.Next(50)).AddSeconds(-_random.Next(86_400));
        else t = _start.AddSeconds(_random.NextInt64((long)_spanDays * 86_400));
        if (kind >= 8 && _random.Next(4) == 0) t = t.AddTicks(_random.Next(10_000_000));     // sub-second times
        if (t < _start) t = _start;
        _instants.Add(t);
        return t;
    }

    private int RandomDay() => _random.Next(_spanDays + 1);

    private DateTimeOffset DayStart(int dayOffset)
    {
        var local = _start.ToOffset(Bank.Offset);
        return new DateTimeOffset(local.Year, local.Month, local.Day, 0, 0, 0, Bank.Offset).AddDays(dayOffset);
    }

    private DateTimeOffset RatingDayStart()
    {
        var month = DayStart(_random.Next(_spanDays - 31)).AddMonths(1);
        int day = Math.Min(_ratingDayOfMonth, DateTime.DaysInMonth(month.Year, month.Month));
        return new DateTimeOffset(month.Year, month.Month, day, 0, 0, 0, Bank.Offset);
    }

    /// <summary>Most events arrive within minutes; some hours to weeks late; sometimes a back-dated history is loaded
    /// in bulk; some are sent twice.</summary>
    private List<Delivery> Arrivals(List<CustomerEvent> events)
    {
        DateTimeOffset? bulkAt = _random.Next(3) == 0 ? _start.AddDays(_random.Next(_spanDays / 2, _spanDays)) : null;
        var deliveries = new List<Delivery>();
        foreach (var e in events)
        {
            DateTimeOffset arrives;
            int kind = _random.Next(20);
            if (bulkAt is { } bulk && e.OccurredAt <= bulk && _random.Next(2) == 0) arrives = bulk;
            else if (kind < 14) arrives = e.OccurredAt.AddTicks(_random.NextInt64(TimeSpan.TicksPerMinute * 10));
            else if (kind < 18) arrives = e.OccurredAt.AddMinutes(_random.Next(60, 60 * 24 * 3));
            else arrives = e.OccurredAt.AddMinutes(_random.Next(60 * 24 * 3, 60 * 24 * 60));
            deliveries.Add(new Delivery(arrives, e));
            if (_random.Next(10) == 0)
                deliveries.Add(new Delivery(arrives.AddMinutes(_random.Next(0, 60 * 24 * 30)), e));   // exact duplicate
        }
        return deliveries.OrderBy(d => d.ArrivesAt).ToList();
    }

    /// <summary>Consecutive arrivals grouped into batches of 1–4, each applied when its last event has arrived;
    /// now and then the test looks at the ledger between batches.</summary>
    private List<Batch> Batches(List<Delivery> deliveries)
    {
        var batches = new List<Batch>();
        for (int i = 0; i < deliveries.Count;)
        {
            int size = Math.Min(deliveries.Count - i, _random.Next(1, 5));
            var group = deliveries.Skip(i).Take(size).ToList();
            i += size;
            var at = group[^1].ArrivesAt;
            DateTimeOffset? check = null;
            if (batches.Count > 0 && _random.Next(4) == 0)
            {
                var previous = batches[^1].At;
                check = previous + (at - previous) * _random.NextDouble();
            }
            batches.Add(new Batch(at, group.Select(d => d.Event).ToList(), check));
        }
        return batches;
    }
}
