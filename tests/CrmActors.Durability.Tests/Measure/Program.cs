using System.Diagnostics;
using System.Globalization;
using CrmActors.Durability.Measure;
using CrmActors.Durability.Tests.Support;

// Durable figures on this machine, through real processes (deploy/local/cluster.sh) on PostgreSQL (CRM_PG, or
// scripts/postgres.sh). Usage:
//   throughput [events=300000] [customers=100000] [batch=1000] [concurrency=8] [silos=1] [apis=1] [mode=cluster|postgres]
//   recovery   [events=100000] [customers=10000] [silos=3] [apis=2]
//   rebuild    [customers=100000] [events=300000]
//   all        the three with their defaults
//   args="--Key value ..." passes configuration to every process of throughput (e.g. args="--Durable:SnapshotPeriodSeconds 300")
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var command = args.FirstOrDefault() ?? "all";
var options = args.Skip(1).Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
int Option(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string Text(string name, string fallback) => options.GetValueOrDefault(name, fallback);

await using var postgres = new SharedPostgres();
await postgres.StartAsync();
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; PostgreSQL {await SharedPostgres.ScalarAsync<string>(postgres.ConnectionString, "SHOW server_version")}");

switch (command)
{
    case "throughput":
        await Throughput(Option("events", 300_000), Option("customers", 100_000), Option("batch", 1_000), Option("concurrency", 8),
            Option("silos", 1), Option("apis", 1), Text("mode", "cluster"));
        break;
    case "recovery":
        await Recovery(Option("events", 100_000), Option("customers", 10_000), Option("silos", 3), Option("apis", 2));
        break;
    case "rebuild":
        await Rebuild(Option("customers", 100_000), Option("events", 300_000));
        break;
    case "produce": // into a running cluster: produce api=http://127.0.0.1:8080 pg="<connection string>" [events] [customers]
    {
        var cs = Text("pg", postgres.ConnectionString);
        using var producer = new Producer([.. Text("api", "http://127.0.0.1:8080").Split(',').Select(u => new Uri(u))]);
        var stream = EventStream.Generate(Text("run", $"p{Guid.NewGuid():N}"[..7]), Option("customers", 50_000), Option("events", 100_000), seed: Option("seed", 3), DateTimeOffset.UtcNow);
        long t0 = Stopwatch.GetTimestamp();
        var report = await producer.RunAsync(stream.Batches(Option("batch", 1_000)), Option("concurrency", 8));
        Console.WriteLine($"acknowledged {stream.Events.Count / report.Elapsed.TotalSeconds:N0}/s, p50 {report.Percentile(50):F0} ms, p99 {report.Percentile(99):F0} ms");
        if (Option("wait", 1) == 0) break;
        long done = await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(20));
        Console.WriteLine($"delivered {stream.Events.Count / Delivery.Seconds(t0, done):N0}/s end to end");
        break;
    }
    case "all":
        await Throughput(300_000, 100_000, 1_000, 8, 1, 1, "cluster");
        await Recovery(100_000, 10_000, 3, 2);
        await Rebuild(100_000, 300_000);
        break;
    default:
        Console.Error.WriteLine("usage: throughput|recovery|rebuild|all [name=value ...]");
        return 2;
}
return 0;

async Task<IAsyncDisposable> StartNodes(string cs, int silos, int apis, string mode, List<Uri> uris, List<(string, int)> pids)
{
    if (mode == "postgres")
    {
        var single = await SingleProcess.StartAsync(cs);
        uris.Add(single.Uri);
        pids.Add(("api+silo", single.Pid));
        return single;
    }
    var cluster = await LocalCluster.StartAsync(cs, silos, apis, Text("args", ""));
    uris.AddRange(cluster.ApiUris);
    foreach (var file in Directory.GetFiles(cluster.RunDirectory, "*.pid"))
        pids.Add((Path.GetFileNameWithoutExtension(file).Split('-')[0], int.Parse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture)));
    return cluster;
}

async Task Throughput(int events, int customers, int batch, int concurrency, int silos, int apis, string mode)
{
    Console.WriteLine($"\n== throughput: {events:N0} events over {customers:N0} customers, batches of {batch:N0}, {concurrency} requests in flight, " +
                      (mode == "postgres" ? "one process (Hosting:Mode Postgres)" : $"{silos} silo(s) + {apis} API node(s) as processes"));
    var cs = await postgres.NewSchemaAsync("meas");
    var uris = new List<Uri>();
    var pids = new List<(string, int)>();
    await using var nodes = await StartNodes(cs, silos, apis, mode, uris, pids);
    using var producer = new Producer(uris);

    // First contact: one event per customer, so every customer is active (JIT, pools, activations) before the
    // measured stream; the cold path is what "rebuild" measures.
    var run = $"t{Guid.NewGuid():N}"[..7];
    var warm = EventStream.Generate(run, customers, customers, seed: 1, DateTimeOffset.UtcNow);
    long warmStart = Stopwatch.GetTimestamp();
    await producer.RunAsync(warm.Batches(batch), concurrency);
    long warmDone = await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(10));
    Console.WriteLine($"first contact of {customers:N0} customers (activation, one event each): {customers / Delivery.Seconds(warmStart, warmDone):N0} customers/s");

    Console.WriteLine($"load average before: {File.ReadAllText("/proc/loadavg").Trim()}");
    var stream = EventStream.Generate(run, customers, events, seed: 7, DateTimeOffset.UtcNow);
    var batches = stream.Batches(batch);
    var cpu = new CpuSampler(() => pids);
    cpu.Start();
    long start = Stopwatch.GetTimestamp();
    var report = await producer.RunAsync(batches, concurrency);
    long acked = Stopwatch.GetTimestamp();
    long delivered = await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(10));
    var used = cpu.Stop();

    double ackSeconds = Delivery.Seconds(start, acked), allSeconds = Delivery.Seconds(start, delivered);
    Console.WriteLine($"acknowledged: {events / ackSeconds:N0} events/s ({ackSeconds:F1} s; {report.Failures + report.Unavailable} retried attempts)");
    Console.WriteLine($"applied by the grains (every dispatcher checkpoint past the last event): {events / allSeconds:N0} events/s end to end ({allSeconds:F1} s)");
    Console.WriteLine($"acknowledgement latency per batch of {batch:N0}: p50 {report.Percentile(50):F0} ms, p99 {report.Percentile(99):F0} ms, max {report.Percentile(100):F0} ms");
    // One machine-readable line for the benchmark report (bench/CrmActors.Benchmarks report).
    Console.WriteLine(FormattableString.Invariant(
        $"RESULT mode={mode} events={events} customers={customers} batch={batch} acknowledgedPerSecond={events / ackSeconds:F0} appliedPerSecond={events / allSeconds:F0} ackP50Ms={report.Percentile(50):F1} ackP99Ms={report.Percentile(99):F1}"));
    Console.WriteLine("CPU (cores busy on average over the run): " + string.Join(", ", used.Select(u => $"{u.Key} {u.Value:F2}")));
    Console.WriteLine($"load average after: {File.ReadAllText("/proc/loadavg").Trim()}");
    await PrintJournalProfile(cs);

    // Spot check: a thousand customers equal the oracle.
    using var reader = new ClusterReader(uris, cs);
    var expected = Oracle.Expected(warm.Events.Concat(stream.Events));
    var sample = expected.Take(1_000).ToDictionary();
    var differences = await reader.DifferencesAsync(sample);
    Console.WriteLine($"spot check: {sample.Count - differences.Count} of {sample.Count} customers equal the oracle");
}

async Task PrintJournalProfile(string cs)
{
    try
    {
        var rows = await SharedPostgres.ScalarAsync<string>(cs,
            "SELECT coalesce(string_agg(format('%s: %s calls, %s ms each', s.funcname, s.calls, round((s.self_time / greatest(s.calls, 1))::numeric, 3)), '; '), 'no function statistics (track_functions = none)') " +
            "FROM pg_stat_user_functions s WHERE s.schemaname = current_schema()");
        Console.WriteLine($"journal functions: {rows}");
    }
    catch (Npgsql.NpgsqlException) { }
}

async Task Recovery(int events, int customers, int silos, int apis)
{
    Console.WriteLine($"\n== recovery: kill -9 of silo 2 of {silos} (with {apis} API nodes) during {events:N0} events over {customers:N0} customers");
    var cs = await postgres.NewSchemaAsync("meas");
    await using var cluster = await LocalCluster.StartAsync(cs, silos, apis);
    var result = await SiloKillScenario.RunAsync(cluster, cs, customers, events, log: Console.Out);
    Console.WriteLine($"journal: {result.JournalRows:N0} rows, {result.DistinctJournalIds:N0} distinct ids; customers differing from the oracle: {result.Differences.Count}");
    Console.WriteLine($"recovery: failure detected in {result.DetectionSeconds:F1} s; every acknowledged event applied {result.RecoverySeconds:F1} s after the cluster was healthy again");
}

async Task Rebuild(int customers, int events)
{
    Console.WriteLine($"\n== cold rebuild: {customers:N0} customers ({events:N0} events), one silo + one API node");
    var cs = await postgres.NewSchemaAsync("meas");
    // Snapshots every 30 s here, so that every customer has one before the cold start.
    await using var cluster = await LocalCluster.StartAsync(cs, 1, 1, "--Durable:SnapshotPeriodSeconds 30");
    var stream = EventStream.Generate($"r{Guid.NewGuid():N}"[..7], customers, events, seed: 9, DateTimeOffset.UtcNow);
    using (var producer = new Producer(cluster.ApiUris))
        await producer.RunAsync(stream.Batches(1_000), 8);
    await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(10));
    // Every customer's snapshot written (the grains flush every 30 s when changed).
    var deadline = Stopwatch.StartNew();
    while (await SharedPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM orleans_grain_state WHERE grain_type = 'customer'") < customers)
    {
        if (deadline.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("snapshots not written");
        await Task.Delay(1_000);
    }
    await Task.Delay(TimeSpan.FromSeconds(35)); // one more flush period: the last changes are in the snapshots too
    var expected = Oracle.Expected(stream.Events);

    await ColdRead("from snapshots (journal tail empty)");

    await SharedPostgres.ExecuteAsync(cs, "DELETE FROM orleans_grain_state WHERE grain_type = 'customer'");
    await ColdRead("from the journal alone (no snapshots)");

    async Task ColdRead(string what)
    {
        await cluster.Kill9Async("silo", 1);
        await cluster.RestartAsync("silo", 1);
        await Delivery.ApisReadyAsync(cluster.ApiUris, TimeSpan.FromMinutes(2));
        using var reader = new ClusterReader(cluster.ApiUris, cs);
        long start = Stopwatch.GetTimestamp();
        var differences = await reader.DifferencesAsync(expected, parallelism: 32);
        double seconds = Delivery.Seconds(start, Stopwatch.GetTimestamp());
        Console.WriteLine($"cold rebuild {what}: {customers:N0} customers activated and read in {seconds:F1} s " +
                          $"= {seconds * 100_000 / customers:F1} s per 100,000 customers; {differences.Count} differ from the oracle");
    }
}
