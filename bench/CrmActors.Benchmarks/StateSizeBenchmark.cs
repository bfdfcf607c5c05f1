using CrmActors.Scoring;
using CrmActors.Scoring.Events;

namespace CrmActors.Benchmarks;

/// <summary>The reference customer: 30 balance changes and 60 fee transactions in the window.</summary>
internal static class StateSizeBenchmark
{
    public static void Run()
    {
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8));
        var clock = new BenchClock(now);
        var ledger = new CustomerLedger(StarModelOptions.Default, clock);
        var random = new Random(7);
        var events = new List<CustomerEvent>
        {
            new ProfileUpdated("evt-2026-05-000001", now.AddDays(-170), "B001", "M001", "张小明"),
        };
        for (int i = 0; i < 30; i++)
            events.Add(new BalanceReported($"evt-2026-{i:D2}-{100000 + i}", now.AddDays(-175 + i * 5).AddMinutes(random.Next(600)),
                $"6222020200{i % 3:D6}", (BalanceIndicator)(i % 3), Math.Round((decimal)random.NextDouble() * 500_000, 2)));
        for (int i = 0; i < 60; i++)
            events.Add(new FeeBusinessTransacted($"evt-2026-{i:D2}-{200000 + i}", now.AddDays(-178 + i * 3).AddMinutes(random.Next(900)),
                (FeeBusinessType)(i % 3), Math.Round((decimal)random.NextDouble() * 5_000 + 10, 2)));
        ledger.Apply(events);
        var snapshot = ledger.ToSnapshot();
        var restored = CustomerLedger.FromSnapshot(snapshot, StarModelOptions.Default, clock);
        bool same = restored.Standing().Points == ledger.Standing().Points;
        Console.WriteLine($"state   30 balance changes + 60 fee transactions: {snapshot.Length:N0} bytes serialized (target ≤ 2,048); restores equal: {same}");
    }
}

/// <summary>What one customer's ledger costs in memory (GC heap), without any Orleans around it.</summary>
internal static class LedgerMemoryBenchmark
{
    public static void Run(int customers, int eventsPerCustomer)
    {
        var now = DateTimeOffset.UtcNow;
        var clock = new BenchClock(now);
        var ledgers = new CustomerLedger[customers];
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int c = 0; c < customers; c++)
        {
            var ledger = SyntheticStream.SixMonthLedger(c, eventsPerCustomer, now, clock, "L");
            ledgers[c] = ledger;
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"ledger  in memory: {(after - before) / (double)customers:N0} B per customer with {eventsPerCustomer} events (GC heap, no Orleans)");
        GC.KeepAlive(ledgers);
    }
}
