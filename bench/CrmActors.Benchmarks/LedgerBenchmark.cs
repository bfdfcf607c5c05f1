using System.Diagnostics;
using CrmActors.Scoring;
using CrmActors.Scoring.Events;

namespace CrmActors.Benchmarks;

/// <summary>Events/s through the pure star model on one thread: the compute ceiling of the engine.</summary>
internal static class LedgerBenchmark
{
    public static LedgerResult Run(int customers, int events, double lateShare)
    {
        var arrivals = SyntheticStream.Generate(customers, events, days: 200, lateShare, seed: 42);
        var clock = new BenchClock(arrivals[0].ArrivesAt);
        var ledgers = new CustomerLedger[customers];
        for (int i = 0; i < customers; i++) ledgers[i] = new CustomerLedger(StarModelOptions.Default, clock);

        // Warm-up on separate ledgers with a fifth of the stream, so tiered JIT reaches its optimised code before
        // the measured pass (with a token warm-up the first measured run was ~15 % slower than the second).
        var warm = new CustomerLedger[customers];
        for (int i = 0; i < customers; i++) warm[i] = new CustomerLedger(StarModelOptions.Default, clock);
        foreach (var a in arrivals.Take(arrivals.Count / 5)) { clock.Now = a.ArrivesAt; warm[a.Customer].Apply(a.Event); }
        warm = null;
        clock.Now = arrivals[0].ArrivesAt;

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var single = new CustomerEvent[1];
        foreach (var a in arrivals)
        {
            clock.Now = a.ArrivesAt;
            single[0] = a.Event;
            ledgers[a.Customer].Apply(single);
        }
        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        long rebuilds = ledgers.Sum(l => (long)l.RebuildCount);
        double perSecond = arrivals.Count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"ledger  customers={customers:N0} events={arrivals.Count:N0} late={lateShare:P0}");
        Console.WriteLine($"        {perSecond,12:N0} events/s on one thread   {watch.Elapsed.TotalMilliseconds * 1000 / arrivals.Count:N2} µs/event   {allocated / (double)arrivals.Count:N0} B allocated/event   rebuilds={rebuilds:N0}");

        var sizes = ledgers.Select(l => l.ToSnapshot().Length).OrderBy(s => s).ToArray();
        Console.WriteLine($"        snapshot bytes per customer: mean {sizes.Average():N0}  p50 {sizes[sizes.Length / 2]:N0}  max {sizes[^1]:N0}  (mean {ledgers.Average(l => l.EntryCount):N1} entries)");
        return new LedgerResult(customers, arrivals.Count, lateShare, perSecond, watch.Elapsed.TotalMilliseconds * 1000 / arrivals.Count,
            allocated / (double)arrivals.Count, rebuilds);
    }
}
