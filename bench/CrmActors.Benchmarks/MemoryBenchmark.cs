using System.Collections.Immutable;
using System.Diagnostics;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains;
using CrmActors.Grains.Customers;
using CrmActors.Scoring;
using CrmActors.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmActors.Benchmarks;

/// <summary>Memory per resident customer: N customer grains, each given a six-month history, all activated in one
/// silo; GC heap and working set before and after, divided by N.</summary>
internal static class MemoryBenchmark
{
    /// <param name="shadow">A rule set version is proposed before the customers load (issue 12): each computes it too.</param>
    /// <param name="seed">After the load, a version is proposed and the time its impact takes to count every resident
    /// customer (the embedded default's seed: one grain call per customer for its ledger) is printed.</param>
    public static async Task<MemoryResult> Run(int customers, int eventsPerCustomer, bool shadow = false, bool seed = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseEmbeddedDefaults(ApiBenchmark.FreePort(), ApiBenchmark.FreePort());
            // Residency is the point: nothing may be collected as idle during the run.
            silo.Configure<Orleans.Configuration.GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(2));
            // A short period so the run sees idle customers set their expanded ledgers aside (default 30 s).
            silo.ConfigureServices(s => s.AddSingleton(CustomerGrainOptions.Default with { FlushPeriod = TimeSpan.FromSeconds(2), FlushOnShutdown = false }));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        if (shadow) await ProposeVersion(host.Services);

        var (heapBefore, setBefore) = Measure();
        var watch = Stopwatch.StartNew();
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, customers), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            string id = $"M{c:D8}";
            // Delivered as the journal's dispatcher delivers: this measures the customers, not the journal's id registry.
            await grains.GetGrain<ICustomerGrain>(id).ApplyJournaled(History(id, c, eventsPerCustomer, now));
        });
        watch.Stop();
        var (heapActive, _) = Measure();
        await Task.Delay(TimeSpan.FromSeconds(6));   // every customer idle for two flush periods
        var (heapAfter, setAfter) = Measure();
        Console.WriteLine($"memory  {customers:N0} resident customers × {eventsPerCustomer} events of six-month history (loaded in {watch.Elapsed.TotalSeconds:N1} s = {customers * eventsPerCustomer / watch.Elapsed.TotalSeconds:N0} events/s), shadow version {(shadow ? "on" : "off")}");
        Console.WriteLine($"        just used: GC heap {(heapActive - heapBefore) / (double)customers:N0} B/customer");
        Console.WriteLine($"        idle:      GC heap {(heapAfter - heapBefore) / (double)customers:N0} B/customer   working set {(setAfter - setBefore) / (double)customers:N0} B/customer   (target ≤ 4,096)");
        if (seed && !shadow) await TimeSeed(host.Services, customers);
        await host.StopAsync();
        return new MemoryResult(customers, eventsPerCustomer, watch.Elapsed.TotalSeconds, (heapActive - heapBefore) / (double)customers,
            (heapAfter - heapBefore) / (double)customers, (setAfter - setBefore) / (double)customers);
    }

    private static async Task TimeSeed(IServiceProvider services, int customers)
    {
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        await ProposeVersion(services);
        var impact = services.GetRequiredService<IGrainFactory>().GetGrain<CrmActors.Abstractions.Rules.IRuleImpactGrain>("bench-proposal");
        CrmActors.Abstractions.Rules.RuleImpact now;
        while ((now = await impact.GetImpact()).Seed.State == CrmActors.Abstractions.Rules.ImpactSeedState.Running) await Task.Delay(100);
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        double seconds = (now.Seed.EndedAt!.Value - now.Seed.StartedAt).TotalSeconds;
        Console.WriteLine($"        impact seed over the resident customers: {now.Seed.State}, {now.Seed.Customers:N0} of {customers:N0} counted in " +
                          $"{seconds:N1} s ({now.Seed.Customers / seconds:N0} customers/s), process CPU {cpu:N1} s ({cpu * 1e6 / Math.Max(1, now.Seed.Customers):N1} µs per customer)");
    }

    private static async Task ProposeVersion(IServiceProvider services)
    {
        var cache = services.GetRequiredService<CrmActors.Grains.Rules.RuleBookCache>();
        await cache.RefreshAsync(default);
        var now = DateTimeOffset.UtcNow;
        var proposal = new RuleSet
        {
            Version = "bench-proposal",
            Options = StarModelOptions.Default with { Rates = IndicatorRates.Published.With("cardSpending", 800m) },
        };
        await services.GetRequiredService<CrmActors.Abstractions.Rules.IRuleSets>()
            .ProposeAsync(proposal, (await cache.GetAsync()).DayOf(now), "bench", now, default);
        await cache.RefreshAsync(default);
    }

    /// <summary>A mix like the simulator's small customer: one savings account moving, card spending, a profile.</summary>
    private static ImmutableArray<JournaledChange> History(string id, int seed, int count, DateTimeOffset now)
    {
        var random = new Random(seed);
        var events = ImmutableArray.CreateBuilder<JournaledChange>(count + 1);
        events.Add(new JournaledChange(new ProfileEvent
        {
            CustomerId = id, Producer = "bench", ChangeId = $"{id}-p", OccurredAt = now.AddDays(-180),
            HomeBranchId = $"B{seed % 50:D3}", ManagerId = $"M{seed % 200:D3}",
        }, new JournalPosition((ulong)seed + 1, 1)));
        for (int i = 0; i < count; i++)
        {
            var at = now.AddDays(-180 + 180.0 * i / count).AddMinutes(random.Next(600));
            CustomerChange change = i % 3 == 0
                ? new BalanceEvent
                {
                    CustomerId = id, Producer = "bench", ChangeId = $"{id}-{i}", OccurredAt = at, AccountId = $"{id}-S",
                    Indicator = BalanceIndicator.ShortTermAssets, Balance = random.Next(1_000, 200_000),
                }
                : new FeeBusinessEvent
                {
                    CustomerId = id, Producer = "bench", ChangeId = $"{id}-{i}", OccurredAt = at,
                    Business = FeeBusinessType.CardSpending, Amount = random.Next(10, 3_000),
                };
            events.Add(new JournaledChange(change, new JournalPosition((ulong)seed + 1, i + 2)));
        }
        return events.ToImmutable();
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }
}
