using System.Collections.Immutable;
using System.Diagnostics;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains.Customers;
using CrmActors.Grains.Outlook;
using CrmActors.Scoring;
using CrmActors.Scoring.Events;
using CrmActors.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmActors.Benchmarks;

/// <summary>What the tier outlook costs (docs/contract-extension-outlook.md): the pure projection per customer; memory
/// per resident customer and live events/s through customer grains with the at-risk list and the retention detectors
/// on and off (each in its own silo, same customers and events).</summary>
internal static class OutlookBenchmark
{
    public static async Task Run(int customers, int eventsPerCustomer, int liveEvents)
    {
        Projection(customers, eventsPerCustomer);
        foreach (bool on in new[] { false, true, false, true })
            await Silo(on, customers, eventsPerCustomer, liveEvents);
    }

    /// <summary>µs per <see cref="CustomerLedger.Outlook"/> over customers with a six-month history.</summary>
    private static void Projection(int customers, int eventsPerCustomer)
    {
        var now = DateTimeOffset.UtcNow;
        var clock = new BenchClock(now);
        var ledgers = new CustomerLedger[customers];
        for (int c = 0; c < customers; c++)
        {
            var ledger = SyntheticStream.SixMonthLedger(c, eventsPerCustomer, now, clock, "O");
            ledger.Standing();
            ledgers[c] = ledger;
        }
        int atRisk = 0;
        foreach (var l in ledgers) atRisk += l.Outlook().AtRisk ? 1 : 0;   // warm-up (JIT)
        for (int round = 0; round < 3; round++)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            foreach (var l in ledgers) l.Outlook();
            watch.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Console.WriteLine($"outlook projection: {watch.Elapsed.TotalMicroseconds / customers:N2} µs per customer ({eventsPerCustomer} events of history, " +
                              $"{allocated / (double)customers:N0} B allocated), one thread, {customers:N0} customers, {atRisk:N0} at risk");
        }
    }

    /// <summary>One silo: every customer loaded with a profile naming a manager and a six-month history, then live events
    /// (balances moving, card spending) delivered as the dispatchers deliver them; memory after the load, events/s of the
    /// live part.</summary>
    private static async Task Silo(bool on, int customers, int eventsPerCustomer, int liveEvents)
    {
        var builder = Host.CreateApplicationBuilder();
        // Errors only: portfolios writing behind while the silo stops warn, which says nothing about the cost.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Services.Configure<OutlookOptions>(o => { o.AtRiskList = on; o.RetentionDetectors = on; });
        builder.UseOrleans(silo =>
        {
            silo.UseEmbeddedDefaults(ApiBenchmark.FreePort(), ApiBenchmark.FreePort());
            silo.Configure<Orleans.Configuration.GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var now = DateTimeOffset.UtcNow;

        long heapBefore = Heap();
        await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
            await grains.GetGrain<ICustomerGrain>($"O{c:D7}").ApplyJournaled(History(c, eventsPerCustomer, now)));
        long heapLoaded = Heap();

        var live = Enumerable.Range(0, customers).Select(c => Live(c, liveEvents / customers, DateTimeOffset.UtcNow)).ToArray();
        double cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            foreach (var batch in live[c]) await grains.GetGrain<ICustomerGrain>($"O{c:D7}").ApplyJournaled(batch);
        });
        watch.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds - cpu;
        int applied = live.Sum(l => l.Sum(b => b.Length));
        var sweeper = host.Services.GetRequiredService<CustomerSweeper>();
        Console.WriteLine($"outlook {(on ? "on " : "off")}: {applied / watch.Elapsed.TotalSeconds:N0} live events/s ({cpu * 1000 / applied:N1} µs CPU per event), " +
                          $"GC heap {(heapLoaded - heapBefore) / (double)customers:N0} B per resident customer just loaded, " +
                          $"{sweeper.OutlooksScheduled:N0} outlooks scheduled; {customers:N0} customers");
        await host.StopAsync();
    }

    private static ImmutableArray<JournaledChange> History(int c, int count, DateTimeOffset now)
    {
        var random = new Random(c);
        string id = $"O{c:D7}";
        var events = ImmutableArray.CreateBuilder<JournaledChange>(count + 1);
        events.Add(new JournaledChange(new ProfileEvent
        {
            CustomerId = id, Producer = "bench", ChangeId = $"{id}-p", OccurredAt = now.AddDays(-180),
            HomeBranchId = $"B{c % 50:D3}", ManagerId = $"M{c % 200:D3}",
        }, new JournalPosition((ulong)c + 1, 1)));
        for (int i = 0; i < count; i++)
        {
            var at = now.AddDays(-180 + 180.0 * i / count).AddMinutes(random.Next(600));
            CustomerChange change = i % 3 == 0
                ? new BalanceEvent { CustomerId = id, Producer = "bench", ChangeId = $"{id}-{i}", OccurredAt = at, AccountId = $"{id}-S",
                    Indicator = BalanceIndicator.ShortTermAssets, Balance = random.Next(1_000, 2_000_000) }
                : new FeeBusinessEvent { CustomerId = id, Producer = "bench", ChangeId = $"{id}-{i}", OccurredAt = at,
                    Business = FeeBusinessType.CardSpending, Amount = random.Next(10, 3_000) };
            events.Add(new JournaledChange(change, new JournalPosition((ulong)c + 1, i + 2)));
        }
        return events.ToImmutable();
    }

    /// <summary>Live changes in batches of 4 (a dispatcher read holds a few per customer): balances that move by up to
    /// half (outflows), card spending.</summary>
    private static ImmutableArray<JournaledChange>[] Live(int c, int count, DateTimeOffset now)
    {
        var random = new Random(~c);
        string id = $"O{c:D7}";
        var all = new List<JournaledChange>(count);
        for (int i = 0; i < count; i++)
        {
            var at = now.AddMilliseconds(i);
            CustomerChange change = i % 4 == 0
                ? new BalanceEvent { CustomerId = id, Producer = "bench", ChangeId = $"{id}-L{i}", OccurredAt = at, AccountId = $"{id}-S",
                    Indicator = BalanceIndicator.ShortTermAssets, Balance = random.Next(1_000, 2_000_000) }
                : new FeeBusinessEvent { CustomerId = id, Producer = "bench", ChangeId = $"{id}-L{i}", OccurredAt = at,
                    Business = FeeBusinessType.CardSpending, Amount = random.Next(10, 3_000) };
            all.Add(new JournaledChange(change, new JournalPosition(1_000_000UL + (ulong)c, i)));
        }
        return [.. all.Chunk(4).Select(b => b.ToImmutableArray())];
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
