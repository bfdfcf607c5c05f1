using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace CrmActors.Benchmarks;

/// <summary>Cold starts of the PostgreSQL mode (fsync=on): a population of customers is ingested through the API, the
/// engine is killed (SIGKILL, whole process tree) the moment the last batch is acknowledged, and a new engine on the
/// same database is timed until every acknowledged event is applied — the journal's queues read up to their heads
/// (<c>crm_journal</c> against <c>crm_journal_checkpoint</c>), each undelivered event a cold customer to activate (its
/// storage read and the replay of its journal). The customers applied before the kill are rebuilt when first used, so
/// a third engine, with nothing left to deliver, reads a sample of customers that are all cold: the first-activation
/// rate through the API.</summary>
internal static class RebuildBenchmark
{
    private const int Batch = 1_000;
    private const int Concurrency = 8;
    private const int ReadConcurrency = 32;

    public static async Task Run(int customers, int sample)
    {
        string root = ApiBenchmark.FindRepositoryRoot();
        string postgres = await DurablePostgres.StartAsync(root);
        string run = $"r{DateTime.UtcNow:HHmmss}";
        // Every engine of the run on the same silo ports, as a restarted silo comes back in production.
        var siloPorts = (ApiBenchmark.FreePort(), ApiBenchmark.FreePort());

        var load = Stopwatch.StartNew();
        long acknowledged;
        long appliedAtKill;
        await using (var engine = await EngineSession.StartAsync(postgres, siloPorts: siloPorts))
        {
            acknowledged = await Ingest(engine.Http, customers, run);
            appliedAtKill = (long)(await engine.MetricsAsync()).GetValueOrDefault("crm_events_applied_total");
        } // SIGKILL of the whole tree, right after the last 202
        load.Stop();
        long backlog = await Undelivered(postgres);
        Console.WriteLine($"rebuild  loaded {customers:N0} customers ({acknowledged:N0} events acknowledged) in {load.Elapsed.TotalSeconds:N1} s " +
                          $"({acknowledged / load.Elapsed.TotalSeconds:N0} events/s); killed -9 at the last 202 with {appliedAtKill:N0} applied: " +
                          $"{backlog:N0} events left undelivered in the journal; PostgreSQL fsync=on, synchronous_commit=on");

        var restart = Stopwatch.StartNew();
        await using (var engine = await EngineSession.StartAsync(postgres, siloPorts: siloPorts))
        {
            double ready = restart.Elapsed.TotalSeconds;
            double cpuBefore = engine.CpuSeconds();
            while (await AnyUndelivered(postgres) && restart.Elapsed < TimeSpan.FromMinutes(20)) await Task.Delay(1_000);
            double drained = restart.Elapsed.TotalSeconds;
            double cpu = engine.CpuSeconds() - cpuBefore;
            long left = await Undelivered(postgres);
            Console.WriteLine($"rebuild  restart after kill -9: ready in {ready:N1} s; every acknowledged " +
                              $"event applied {drained:N1} s after the restart ({backlog - left:N0} of the {backlog:N0}-event backlog, each a cold " +
                              $"customer: {(backlog - left) / (drained - ready):N0} customers/s after ready, engine CPU " +
                              $"{cpu * 1e6 / Math.Max(1, backlog - left):N0} µs/customer){(left > 0 ? $"; {left:N0} STILL UNDELIVERED after 20 min" : "")}");
        }

        await using (var engine = await EngineSession.StartAsync(postgres, siloPorts: siloPorts))
        {
            using var staff = await Staff(engine.BaseAddress);
            // A sample spread over the population, none of it resident in this fresh engine.
            int step = Math.Max(1, customers / sample);
            var picked = Enumerable.Range(0, customers).Where(i => i % step == 0).Take(sample).ToArray();
            double cpuBefore = engine.CpuSeconds();
            var cold = Stopwatch.StartNew();
            long read = await ReadAll(staff, picked);
            cold.Stop();
            double cpu = engine.CpuSeconds() - cpuBefore;
            Console.WriteLine($"rebuild  first activation: {read:N0} cold customers read through the API in {cold.Elapsed.TotalSeconds:N1} s = " +
                              $"{read / cold.Elapsed.TotalSeconds:N0} customers/s ({ReadConcurrency} reads in flight; each a storage read and a " +
                              $"journal replay), engine CPU {cpu * 1e6 / read:N0} µs/customer");
        }
    }

    /// <summary>One card-spending event per customer, customers in order, batches of 1,000, 8 in flight.</summary>
    private static async Task<long> Ingest(HttpClient http, int customers, string run)
    {
        long acknowledged = 0;
        int next = 0;
        string second = DateTime.UtcNow.AddSeconds(-5).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        async Task Worker()
        {
            while (true)
            {
                int from = Interlocked.Add(ref next, Batch) - Batch;
                if (from >= customers) return;
                int to = Math.Min(customers, from + Batch);
                var body = new StringBuilder("{\"events\":[");
                for (int c = from; c < to; c++)
                {
                    if (c > from) body.Append(',');
                    body.Append(CultureInfo.InvariantCulture,
                        $"{{\"eventId\":\"{run}-{c}\",\"customerId\":\"C{c:D7}\",\"occurredAt\":\"{second}.{c % 10_000_000:D7}+00:00\",") .Append(CultureInfo.InvariantCulture,
                        $"\"type\":\"feeBusiness\",\"business\":\"cardSpending\",\"amount\":{1 + c % 4999}.{c % 100:D2}}}");
                }
                body.Append("]}");
                while (true)
                {
                    using var content = new StringContent(body.ToString(), Encoding.UTF8, "application/json");
                    using var response = await http.PostAsync("/api/v1/events", content);
                    if (response.StatusCode == HttpStatusCode.Accepted) break;
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                        throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    await Task.Delay(200); // back-pressure: the same batch again
                }
                Interlocked.Add(ref acknowledged, to - from);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(Worker)));
        return acknowledged;
    }

    private static async Task<long> ReadAll(HttpClient staff, IEnumerable<int> customers)
    {
        long read = 0;
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = ReadConcurrency }, async (c, token) =>
        {
            using var response = await staff.GetAsync($"/api/v1/customers/C{c:D7}", token);
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET C{c:D7} answered {(int)response.StatusCode}");
            Interlocked.Increment(ref read);
        });
        return read;
    }

    /// <summary>Whether any queue has a journal row past its checkpoint: one index probe per queue, cheap enough to poll
    /// while the engine works (counting the rows is not).</summary>
    private static async Task<bool> AnyUndelivered(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var probe = new NpgsqlCommand(
            $"SELECT EXISTS (SELECT 1 FROM generate_series(0, {Abstractions.Journal.JournalQueues.Count - 1}) q LEFT JOIN crm_journal_checkpoint c ON c.queue = q " +
            "WHERE EXISTS (SELECT 1 FROM crm_journal j WHERE j.queue = q AND (c.queue IS NULL OR (j.txid, j.ord) > (c.txid, c.ord))))", connection);
        return (bool)(await probe.ExecuteScalarAsync())!;
    }

    /// <summary>Journal rows past their queue's checkpoint: acknowledged, not yet applied.</summary>
    private static async Task<long> Undelivered(string postgres)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            "SELECT count(*) FROM crm_journal j LEFT JOIN crm_journal_checkpoint c ON c.queue = j.queue " +
            "WHERE c.queue IS NULL OR (j.txid, j.ord) > (c.txid, c.ord)", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<HttpClient> Staff(Uri baseAddress)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await LagBenchmark.Token(http));
        return http;
    }
}
