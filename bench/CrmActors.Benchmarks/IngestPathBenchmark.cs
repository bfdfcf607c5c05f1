using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using CrmActors.Abstractions;
using CrmActors.Grains;
using CrmActors.Scoring;
using CrmActors.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace CrmActors.Benchmarks;

/// <summary>How events should reach customer grains: direct grain calls or an Orleans memory stream per
/// customer (implicit subscription). Both apply the same ledger; the figure decides docs/architecture.md.</summary>
internal static class IngestPathBenchmark
{
    public const string StreamProvider = "BenchIngest";
    public const string StreamNamespace = "bench-ingest";
    internal static readonly ConcurrentBag<double> StreamLatenciesMs = [];
    internal static long StreamApplied;

    public static async Task Run(int customers, int events)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseEmbeddedDefaults(21111, 40000);
            silo.AddMemoryStreams(StreamProvider);
            silo.Configure<Orleans.Configuration.StreamPubSubOptions>(_ => { });
        });
        using var host = builder.Build();
        await host.StartAsync();
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var streams = host.Services.GetRequiredKeyedService<IStreamProvider>(StreamProvider);

        var batches = MakeBatches(customers, events);
        // The first event of each customer activates its grain: measured apart from the steady state.
        await Direct(grains, batches.Take(customers).ToList(), "direct, first event per customer (activation)", report: true);
        await Direct(grains, batches.Skip(customers).ToList(), "direct grain calls, active customers", report: true);
        await Streamed(streams, batches, events);
        await host.StopAsync();
    }

    private static List<IngestedEvent> MakeBatches(int customers, int events)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-100);
        var list = new List<IngestedEvent>(events);
        for (int i = 0; i < events; i++)
            list.Add(new IngestedEvent($"p-{i}", $"C{i % customers:D7}", start.AddSeconds(i), CustomerEventType.FeeBusiness,
                Business: FeeBusinessType.CardSpending, Amount: 100m + i % 50));
        return list;
    }

    private static async Task Direct(IGrainFactory grains, List<IngestedEvent> events, string label, bool report)
    {
        var latencies = new ConcurrentBag<double>();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (e, _) =>
        {
            long t0 = Stopwatch.GetTimestamp();
            await grains.GetGrain<ICustomerGrain>(e.CustomerId).Ingest([e]);
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        });
        watch.Stop();
        if (report) Print(label, events.Count, watch.Elapsed, latencies);
    }

    private static async Task Streamed(IStreamProvider streams, List<IngestedEvent> events, int total)
    {
        StreamLatenciesMs.Clear();
        Interlocked.Exchange(ref StreamApplied, 0);
        var watch = Stopwatch.StartNew();
        // Bounded producers: the memory queue throws above 16,384 queued events (shared/notes).
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (e, _) =>
        {
            var stream = streams.GetStream<TimedEvent>(StreamId.Create(StreamNamespace, e.CustomerId));
            while (true)
            {
                try { await stream.OnNextAsync(new TimedEvent(e, Stopwatch.GetTimestamp())); break; }
                catch (Exception) { await Task.Delay(5); }
            }
        });
        while (Interlocked.Read(ref StreamApplied) < total && watch.Elapsed < TimeSpan.FromMinutes(3)) await Task.Delay(10);
        watch.Stop();
        Print("memory stream, implicit subscription", (int)Interlocked.Read(ref StreamApplied), watch.Elapsed, StreamLatenciesMs);
    }

    private static void Print(string label, int count, TimeSpan elapsed, IEnumerable<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"path    {label,-46} {count / elapsed.TotalSeconds,10:N0} events/s   p50 {P(0.5),8:N2} ms   p99 {P(0.99),8:N2} ms");
    }
}

[GenerateSerializer, Immutable, Alias("bench.TimedEvent")]
public sealed record TimedEvent([property: Id(0)] IngestedEvent Event, [property: Id(1)] long SentTimestamp);

public interface IStreamedCustomerGrain : IGrainWithStringKey;

/// <summary>The stream-fed alternative of CustomerGrain: same ledger, events arrive on the customer's stream.</summary>
[ImplicitStreamSubscription(IngestPathBenchmark.StreamNamespace)]
public sealed class StreamedCustomerGrain(TimeProvider clock) : Grain, IStreamedCustomerGrain, IAsyncObserver<TimedEvent>
{
    private readonly CustomerLedger _ledger = new(StarModelOptions.Default, clock);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var stream = this.GetStreamProvider(IngestPathBenchmark.StreamProvider)
            .GetStream<TimedEvent>(StreamId.Create(IngestPathBenchmark.StreamNamespace, this.GetPrimaryKeyString()));
        await stream.SubscribeAsync(this);
    }

    public Task OnNextAsync(TimedEvent item, StreamSequenceToken? token = null)
    {
        _ledger.Apply([item.Event.ToDomain()]);
        IngestPathBenchmark.StreamLatenciesMs.Add(Stopwatch.GetElapsedTime(item.SentTimestamp).TotalMilliseconds);
        Interlocked.Increment(ref IngestPathBenchmark.StreamApplied);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;
    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
