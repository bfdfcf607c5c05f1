using System.Diagnostics;

namespace CrmActors.Durability.Tests.Support;

/// <summary>The crash test, shared by the test and the measurement console: a producer streams events over
/// many customers into the API nodes of a real cluster; part-way through, one silo process is killed with -9; the
/// producer keeps going (retrying what was not acknowledged, same bytes). Afterwards: when the cluster was healthy
/// again (the dead silo declared Dead, every API ready), when every acknowledged event had been delivered, and every
/// customer compared with the oracle.</summary>
public static class SiloKillScenario
{
    public sealed record Result(
        int Events, int Customers, Producer.Report Produced, double KilledAfterSeconds,
        double DetectionSeconds, double RecoverySeconds, double KillToDeliveredSeconds,
        long JournalRows, long DistinctJournalIds, List<string> Differences);

    public static async Task<Result> RunAsync(LocalCluster cluster, string connectionString, int customers, int events,
        int killSilo = 2, double killAtFraction = 0.4, int batchSize = 1_000, int concurrency = 8, TextWriter? log = null)
    {
        log ??= TextWriter.Null;
        var stream = EventStream.Generate($"k{Guid.NewGuid():N}"[..7], customers, events, seed: 42, DateTimeOffset.UtcNow);
        var batches = stream.Batches(batchSize);
        var expected = Oracle.Expected(stream.Events);

        long killedAt = 0;
        int acked = 0;
        Task? kill = null;
        var started = Stopwatch.GetTimestamp();
        using var producer = new Producer(cluster.ApiUris);
        var report = await producer.RunAsync(batches, concurrency, onAcked: _ =>
        {
            if (Interlocked.Increment(ref acked) == (int)(batches.Count * killAtFraction))
            {
                killedAt = Stopwatch.GetTimestamp();
                kill = cluster.Kill9Async("silo", killSilo);
            }
        }, giveUpAfter: TimeSpan.FromMinutes(6));
        if (kill is null) throw new InvalidOperationException("The stream ended before the kill point.");
        await kill;
        log.WriteLine($"stream: {events:N0} events in {report.Elapsed.TotalSeconds:F1} s ({events / report.Elapsed.TotalSeconds:N0}/s acknowledged), " +
                      $"silo {killSilo} killed at {Delivery.Seconds(started, killedAt):F1} s; {report.Failures} failed and {report.Unavailable} refused attempts retried");

        var others = Enumerable.Range(1, cluster.Silos).Where(n => n != killSilo).Select(cluster.SiloPort);
        long dead = await Delivery.SiloDeclaredDeadAsync(connectionString, cluster.SiloPort(killSilo), others, TimeSpan.FromMinutes(2));
        long ready = await Delivery.ApisReadyAsync(cluster.ApiUris, TimeSpan.FromMinutes(1));
        long healthy = Math.Max(dead, ready);
        long delivered = await Delivery.AllDeliveredAsync(connectionString, TimeSpan.FromMinutes(3));
        double recovery = Math.Max(0, Delivery.Seconds(healthy, delivered));
        log.WriteLine($"silo {killSilo} declared dead {Delivery.Seconds(killedAt, dead):F1} s after the kill; cluster healthy at " +
                      $"{Delivery.Seconds(killedAt, healthy):F1} s; every acknowledged event delivered {recovery:F1} s after healthy " +
                      $"({Delivery.Seconds(killedAt, delivered):F1} s after the kill)");

        var (rows, distinct) = await Journal.CountsAsync(connectionString);
        using var reader = new ClusterReader(cluster.ApiUris, connectionString);
        var differences = await reader.DifferencesAsync(expected);
        return new Result(events, customers, report, Delivery.Seconds(started, killedAt), Delivery.Seconds(killedAt, dead),
            recovery, Delivery.Seconds(killedAt, delivered), rows, distinct, differences);
    }
}
