using System.Collections.Concurrent;
using System.Diagnostics;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Persistence.InMemory;
using CrmActors.Scoring;
using CrmActors.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace CrmActors.Benchmarks;

/// <summary>How the journal's changes should reach the customer grains (issue "Every acknowledgement kept": decide by
/// measurement): the project's dispatchers (8 <c>JournalQueueGrain</c>s reading the journal after a checkpoint, one
/// <c>ApplyJournaled</c> call per customer of a read), or Orleans persistent streams — pulling agents over 8 queues with
/// their cache and back-pressure, an implicit subscription per customer — which is what a queue adapter over the journal
/// would run on. Orleans' memory stream provider stands in for that adapter: it is the same pulling-agent machinery with
/// the cheapest possible queue, so it bounds what an adapter over PostgreSQL could reach. Both apply the same ledger,
/// in one silo, to warm customers; the time runs from the append (or OnNext) to the last change applied.</summary>
internal static class DeliveryBenchmark
{
    public const string StreamProvider = "BenchDelivery";
    public const string StreamNamespace = "bench-delivery";
    internal static readonly ConcurrentBag<double> StreamLatenciesMs = [];
    internal static long StreamApplied;

    public static async Task Run(int customers, int events)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseEmbeddedDefaults(ApiBenchmark.FreePort(), ApiBenchmark.FreePort());
            silo.AddMemoryStreams(StreamProvider, streams => streams.ConfigurePartitioning(8));
            silo.AddMemoryGrainStorage("PubSubStore");
        });
        using var host = builder.Build();
        await host.StartAsync();
        var journal = host.Services.GetRequiredService<InMemoryJournal>();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var streams = host.Services.GetRequiredKeyedService<IStreamProvider>(StreamProvider);

        // Warm: every customer active in both paths before the measured runs.
        await Dispatched(journal, grains, Changes(customers, customers, "warm-d"), "dispatchers, warm-up (activation)");
        await Streamed(streams, Changes(customers, customers, "warm-s"), "memory streams, warm-up (activation)");
        await Dispatched(journal, grains, Changes(customers, events, "d"), "dispatchers over the in-memory journal");
        await Streamed(streams, Changes(customers, events, "s"), "Orleans memory streams (pulling agents)");
        await host.StopAsync();
    }

    private static List<CustomerChange> Changes(int customers, int events, string prefix)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-100);
        var list = new List<CustomerChange>(events);
        for (int i = 0; i < events; i++)
            list.Add(new FeeBusinessEvent
            {
                CustomerId = $"D{i % customers:D7}", Producer = "bench", ChangeId = $"{prefix}-{i}", OccurredAt = start.AddSeconds(i),
                Business = FeeBusinessType.CardSpending, Amount = 100m + i % 50,
            });
        return list;
    }

    private static async Task Dispatched(InMemoryJournal journal, IGrainFactory grains, List<CustomerChange> changes, string label)
    {
        double cpu = Cpu();
        var watch = Stopwatch.StartNew();
        var probes = new List<Task<double>>();
        int batches = 0;
        foreach (var batch in changes.Chunk(1_000))
        {
            JournalAppendResult appended;
            while (true)
            {
                try { appended = await journal.AppendAsync(batch, default); break; }
                catch (JournalUnavailableException) { await Task.Delay(5); }   // back-pressure: the journal is full
            }
            // Every 20th batch: from its append until the customer of its last change applied it.
            if (batches++ % 20 != 0) continue;
            long t0 = Stopwatch.GetTimestamp();
            var wait = grains.GetGrain<ICustomerGrain>(batch[^1].CustomerId).WaitApplied(appended.PositionOf(batch.Length - 1), TimeSpan.FromMinutes(2));
            probes.Add(wait.ContinueWith(_ => Stopwatch.GetElapsedTime(t0).TotalMilliseconds, TaskScheduler.Default));
        }
        while (journal.Pending > 0) await Task.Delay(1);
        watch.Stop();
        Print(label, changes.Count, watch.Elapsed, Cpu() - cpu, await Task.WhenAll(probes));
    }

    private static async Task Streamed(IStreamProvider streams, List<CustomerChange> changes, string label)
    {
        StreamLatenciesMs.Clear();
        Interlocked.Exchange(ref StreamApplied, 0);
        double cpu = Cpu();
        var watch = Stopwatch.StartNew();
        // Bounded producers: the memory queue throws above 16,384 queued events per queue (shared/notes).
        await Parallel.ForEachAsync(changes, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) =>
        {
            var stream = streams.GetStream<TimedChange>(StreamId.Create(StreamNamespace, c.CustomerId));
            while (true)
            {
                try { await stream.OnNextAsync(new TimedChange(c, Stopwatch.GetTimestamp())); break; }
                catch (Exception) { await Task.Delay(5); }
            }
        });
        while (Interlocked.Read(ref StreamApplied) < changes.Count && watch.Elapsed < TimeSpan.FromMinutes(5)) await Task.Delay(5);
        watch.Stop();
        Print(label, (int)Interlocked.Read(ref StreamApplied), watch.Elapsed, Cpu() - cpu, StreamLatenciesMs);
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static void Print(string label, int count, TimeSpan elapsed, double cpuSeconds, IEnumerable<double>? latencies)
    {
        var sorted = latencies?.Order().ToArray() ?? [];
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"delivery {label,-44} {count / elapsed.TotalSeconds,10:N0} events/s applied   CPU {cpuSeconds * 1e6 / Math.Max(1, count),6:N1} µs/event" +
                          (sorted.Length > 0 ? $"   sent -> applied p50 {P(0.5):N1} ms, p99 {P(0.99):N1} ms" : ""));
    }
}

[GenerateSerializer, Immutable, Alias("bench.TimedChange")]
public sealed record TimedChange([property: Id(0)] CustomerChange Change, [property: Id(1)] long SentTimestamp);

public interface IStreamedCustomerGrain : IGrainWithStringKey;

/// <summary>The stream-fed alternative of CustomerGrain: the same ledger; changes arrive on the customer's stream.</summary>
[ImplicitStreamSubscription(DeliveryBenchmark.StreamNamespace)]
public sealed class StreamedCustomerGrain(TimeProvider clock) : Grain, IStreamedCustomerGrain, IAsyncObserver<TimedChange>
{
    private readonly CustomerLedger _ledger = new(StarModelOptions.Default, clock);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(DeliveryBenchmark.StreamProvider)
            .GetStream<TimedChange>(StreamId.Create(DeliveryBenchmark.StreamNamespace, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync(this);
    }

    public Task OnNextAsync(TimedChange item, StreamSequenceToken? token = null)
    {
        _ledger.Apply([item.Change.ToDomain()]);
        DeliveryBenchmark.StreamLatenciesMs.Add(Stopwatch.GetElapsedTime(item.SentTimestamp).TotalMilliseconds);
        Interlocked.Increment(ref DeliveryBenchmark.StreamApplied);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;
    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
