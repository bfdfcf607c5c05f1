using System.Diagnostics;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Rules;
using CrmActors.Grains.Customers;
using CrmActors.Grains.Rules;
using CrmActors.Scoring;
using CrmActors.Silo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Serialization;

namespace CrmActors.Benchmarks;

/// <summary>Issue 12's "a million customers within seconds": how long the impact of a proposed version takes to count
/// every stored customer (the seed: the states streamed from PostgreSQL, the journal read after each page, both
/// standings computed per customer), and how long a read of the impact takes once they are counted. A durable silo
/// (production configuration) on the fsync=on PostgreSQL of port 55450; the customers' states are written straight into
/// <c>orleans_grain_state</c> (a six-month ledger of <c>history</c> events each, 1,000 distinct ledgers under a million
/// ids: the seed decodes and computes every one), because ingesting a million customers through the engine takes longer
/// than the figure measured here. Their hash columns are not Orleans' (the rows are read only by the seed).</summary>
internal static class ImpactSeedBenchmark
{
    private const int Templates = 1_000;

    public static async Task Run(int customers, int history)
    {
        string cs = await DurablePostgres.StartAsync(ApiBenchmark.FindRepositoryRoot());
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [DashboardSetup.EnabledKey] = "false" });
        builder.UseOrleans(silo => silo.UseDurableDefaults(cs, ApiBenchmark.FreePort(), ApiBenchmark.FreePort()));
        using var host = builder.Build();
        await host.StartAsync();

        var write = Stopwatch.StartNew();
        await WriteStates(cs, host.Services.GetRequiredService<Serializer>(), customers, history);
        Console.WriteLine($"impact seed: {customers:N0} customer states of {history} events written in {write.Elapsed.TotalSeconds:F1} s");

        var proposal = StarModelOptions.Default with
        {
            Rates = IndicatorRates.Published.With("cardSpending", 800m).With("shortTermAssets", 150m),
            Thresholds = StarThresholds.Published.With(Star.Five, 2_500m),
        };
        var store = host.Services.GetRequiredService<IRuleSets>();
        var clock = TimeProvider.System;
        var book = host.Services.GetRequiredService<RuleBookCache>();
        await book.RefreshAsync(default);
        var today = (await book.GetAsync()).DayOf(clock.GetUtcNow());
        if (await store.ProposeAsync(new RuleSet { Version = "bench-seed", Options = proposal }, today, "bench", clock.GetUtcNow(), default) != RuleSetWrite.Done)
            throw new InvalidOperationException("Could not propose the benchmark's version.");
        await book.RefreshAsync(default);

        var impact = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IRuleImpactGrain>("bench-seed");
        int? postgres = DurablePostgres.PostmasterPid();
        double pgBefore = postgres is { } pid ? ProcessTreeCpu.Seconds(pid) : 0;
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        GC.Collect();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        RuleImpact now;
        while (true)
        {
            now = await impact.GetImpact();
            if (now.Seed.State != ImpactSeedState.Running) break;
            await Task.Delay(250);
        }
        double seconds = (now.Seed.EndedAt!.Value - now.Seed.StartedAt).TotalSeconds;
        self.Refresh();
        double cpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        double pgCpu = postgres is { } p ? ProcessTreeCpu.Seconds(p) - pgBefore : double.NaN;
        GC.Collect();
        long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"impact seed: {now.Seed.State} — {now.Customers:N0} customers counted in {seconds:F1} s " +
            $"({now.Customers / seconds:N0} customers/s); engine CPU {cpu:F1} s ({cpu * 1e6 / Math.Max(1, now.Customers):F1} µs per customer), " +
            $"PostgreSQL CPU {pgCpu:F1} s; impact grain's counts hold {(heapAfter - heapBefore) / Math.Max(1, now.Customers):N0} B per customer");
        Console.WriteLine($"impact seed: up {now.Up:N0}, down {now.Down:N0}, same {now.Same:N0}; {now.Transitions.Count} cells");

        var reads = new double[1_000];
        for (int i = 0; i < reads.Length; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await impact.GetImpact();
            reads[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
        }
        Array.Sort(reads);
        Console.WriteLine($"impact read over {now.Customers:N0} customers: p50 {reads[500]:F2} ms, p99 {reads[990]:F2} ms, max {reads[^1]:F2} ms ({reads.Length} reads)");
        await host.StopAsync();
    }

    private static async Task WriteStates(string cs, Serializer serializer, int customers, int history)
    {
        var clock = TimeProvider.System;
        var now = clock.GetUtcNow();
        var payloads = new byte[Templates][];
        for (int t = 0; t < Templates; t++)
            payloads[t] = serializer.SerializeToArray(new CustomerGrainState
            {
                Ledger = SyntheticStream.SixMonthLedger(t, history, now, clock, "seed-").ToSnapshot(),
            });
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash, payload, version) FROM STDIN (FORMAT BINARY)");
        for (int i = 0; i < customers; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(DurableSilo.ServiceId, NpgsqlDbType.Text);
            await copy.WriteAsync(CustomerStorage.StateName, NpgsqlDbType.Text);
            await copy.WriteAsync((long)i, NpgsqlDbType.Bigint);
            await copy.WriteAsync(0L, NpgsqlDbType.Bigint);
            await copy.WriteAsync($"seed-{i:D7}", NpgsqlDbType.Text);
            await copy.WriteAsync(i, NpgsqlDbType.Integer);
            await copy.WriteAsync(0, NpgsqlDbType.Integer);
            await copy.WriteAsync(payloads[i % Templates], NpgsqlDbType.Bytea);
            await copy.WriteAsync(1, NpgsqlDbType.Integer);
        }
        await copy.CompleteAsync();
    }
}
