using CrmActors.Scoring;
using CrmActors.Scoring.Events;

namespace CrmActors.Benchmarks;

/// <summary>A reproducible stream of bank events over <c>days</c> days for <c>customers</c> customers, in time order
/// except for a share of late events (delivered up to two days after they occurred).</summary>
internal static class SyntheticStream
{
    public readonly record struct Arrival(int Customer, DateTimeOffset ArrivesAt, CustomerEvent Event);

    /// <summary>One customer's six months of history, reproducible from its number: every third event a demand-savings
    /// balance, the others card spending; event ids start with <paramref name="prefix"/>.</summary>
    public static CustomerLedger SixMonthLedger(int customer, int events, DateTimeOffset now, TimeProvider clock, string prefix)
    {
        var random = new Random(customer);
        var ledger = new CustomerLedger(StarModelOptions.Default, clock);
        var history = new List<CustomerEvent>(events);
        for (int i = 0; i < events; i++)
        {
            var at = now.AddDays(-180 + 180.0 * i / events).AddMinutes(random.Next(600));
            history.Add(i % 3 == 0
                ? new BalanceReported($"{prefix}{customer}-{i}", at, $"{prefix}{customer}-S", BalanceIndicator.ShortTermAssets, random.Next(1_000, 200_000))
                : new FeeBusinessTransacted($"{prefix}{customer}-{i}", at, FeeBusinessType.CardSpending, random.Next(10, 3_000)));
        }
        ledger.Apply(history);
        return ledger;
    }

    public static List<Arrival> Generate(int customers, int events, int days, double lateShare, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var span = TimeSpan.FromDays(days).Ticks;
        var arrivals = new List<Arrival>(events);
        var balances = new decimal[customers * 3];
        for (int i = 0; i < events; i++)
        {
            int customer = random.Next(customers);
            var at = start.AddTicks((long)(random.NextDouble() * span));
            at = new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, at.Offset);
            string id = $"evt-{i:D9}";
            CustomerEvent e;
            int kind = random.Next(100);
            if (kind < 35)
            {
                int account = random.Next(3);
                ref decimal balance = ref balances[customer * 3 + account];
                balance = Math.Max(0, balance + Math.Round((decimal)(random.NextDouble() * 20_000 - 8_000), 2));
                e = new BalanceReported(id, at, $"ACC-{customer}-{account}", (BalanceIndicator)(account * 2 % 5), balance);
            }
            else if (kind < 97)
            {
                e = new FeeBusinessTransacted(id, at, (FeeBusinessType)random.Next(3),
                    Math.Round((decimal)(random.NextDouble() * 3_000 + 1), 2), null, random.Next(10) == 0 ? 0.6m : 1m);
            }
            else
            {
                e = new ProductChanged(id, at, (ProductType)random.Next(6),
                    random.Next(4) == 0 ? ProductAction.Closed : ProductAction.Opened);
            }
            bool late = random.NextDouble() < lateShare;
            var arrives = late ? at.AddHours(1 + random.Next(47)) : at.AddSeconds(1);
            arrivals.Add(new Arrival(customer, arrives, e));
        }
        arrivals.Sort((a, b) => a.ArrivesAt.CompareTo(b.ArrivesAt));
        return arrivals;
    }
}
