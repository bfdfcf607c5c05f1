using System.Diagnostics;
using CrmActors.Scoring;
using CrmActors.Scoring.Events;

namespace CrmActors.Benchmarks;

/// <summary>The cost of one pending rule set version (issue 12) in the pure library on one thread: events/s and
/// retained bytes per expanded customer with no version pending and with one, each customer doing per delivery what
/// its grain does (apply; with a version pending also its service star under both versions, and when that pair moved
/// both standings, to report it).</summary>
internal static class ShadowBenchmark
{
    public static void Run(int customers, int events)
    {
        var proposal = new RuleSet
        {
            Version = "bench-proposal",
            Options = StarModelOptions.Default with
            {
                Rates = IndicatorRates.Published.With("cardSpending", 800m).With("shortTermAssets", 150m),
                Thresholds = StarThresholds.Published with { Five = 2_500m },
            },
        };
        var published = RuleSet.Published(StarModelOptions.Default);
        var arrivals = SyntheticStream.Generate(customers, events, days: 200, lateShare: 0, seed: 42);
        foreach (bool shadow in new[] { false, true, false, true })   // twice each: the first pair warms the JIT
            Measure(shadow ? new RuleBook([published, proposal]) : new RuleBook([published]), customers, arrivals, shadow);
    }

    private static void Measure(RuleBook book, int customers, List<SyntheticStream.Arrival> arrivals, bool shadow)
    {
        var clock = new BenchClock(arrivals[0].ArrivesAt);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var ledgers = new VersionedLedger[customers];
        for (int i = 0; i < customers; i++) ledgers[i] = new VersionedLedger(book, clock);
        var single = new CustomerEvent[1];
        var last = new (Star, Star)[customers];
        var watch = Stopwatch.StartNew();
        foreach (var a in arrivals)
        {
            clock.Now = a.ArrivesAt;
            single[0] = a.Event;
            var ledger = ledgers[a.Customer];
            ledger.Apply(single);
            // As the grain: the two service stars per delivery; both standings only when the pair moved.
            if (shadow && ledger.ServiceStars() is var (_, now, under) && (now, under) != last[a.Customer])
            {
                last[a.Customer] = (now, under);
                GC.KeepAlive(ledger.ShadowStanding());
                GC.KeepAlive(ledger.Standing());
            }
        }
        watch.Stop();
        long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(ledgers);
        Console.WriteLine($"shadow {(shadow ? "on " : "off")}  customers={customers:N0} events={arrivals.Count:N0}: " +
                          $"{arrivals.Count / watch.Elapsed.TotalSeconds,10:N0} events/s on one thread, " +
                          $"{(heapAfter - heapBefore) / (double)customers,8:N0} B retained per expanded customer");
    }
}
