using CrmActors.Durability.Tests.Support;
using Xunit.Abstractions;

namespace CrmActors.Durability.Tests;

/// <summary>Issue: PostgreSQL stopped mid-stream — 503 with Retry-After while it is down, no acknowledged event lost
/// after it returns. A PostgreSQL of its own (CRM_PG_STOP_PORT, default 55433), so the shared one is not disturbed.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class PostgresOutageTests(ITestOutputHelper output)
{
    private readonly Figures _figures = new(output);

    [Fact]
    public async Task While_the_database_is_down_ingest_answers_503_with_Retry_After_and_nothing_acknowledged_is_lost()
    {
        const int customers = 3_000, events = 30_000;
        await using var postgres = await OwnPostgres.StartAsync();
        var cs = postgres.ConnectionString;
        await Persistence.SchemaMigrator.ApplyAsync(cs);
        await using var cluster = await LocalCluster.StartAsync(cs, silos: 1, apis: 1, extraArgs: "--Ingest:RetryAfterSeconds 1");

        var stream = EventStream.Generate($"o{Guid.NewGuid():N}"[..7], customers, events, seed: 21, DateTimeOffset.UtcNow);
        var batches = stream.Batches(500);
        int acked = 0;
        Task? outage = null;
        long downFrom = 0, upAt = 0;
        using var producer = new Producer(cluster.ApiUris);
        var report = await producer.RunAsync(batches, concurrency: 4, onAcked: _ =>
        {
            if (Interlocked.Increment(ref acked) != batches.Count / 3) return;
            outage = Task.Run(async () =>
            {
                downFrom = System.Diagnostics.Stopwatch.GetTimestamp();
                await postgres.StopImmediatelyAsync();
                await Task.Delay(TimeSpan.FromSeconds(6));
                await postgres.StartAgainAsync();
                upAt = System.Diagnostics.Stopwatch.GetTimestamp();
            });
        }, giveUpAfter: TimeSpan.FromMinutes(4));
        await outage!;
        _figures.Print($"database outage: down {Delivery.Seconds(downFrom, upAt):F1} s; {report.Unavailable} answers 503 " +
                       $"({report.RetryAfterMissing} without Retry-After), {report.Failures} failed attempts; stream done in {report.Elapsed.TotalSeconds:F1} s");
        Assert.True(report.Unavailable > 0, "no 503 while the database was down");
        Assert.Equal(0, report.RetryAfterMissing);

        try
        {
            await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(3));
            var (rows, distinct) = await Journal.CountsAsync(cs);
            Assert.Equal(events, rows);
            Assert.Equal(events, distinct);
            using var reader = new ClusterReader(cluster.ApiUris, cs);
            Assert.Empty((await reader.DifferencesAsync(Oracle.Expected(stream.Events))).Take(20));
        }
        catch
        {
            output.WriteLine(cluster.AllLogTails());
            throw;
        }
    }
}
