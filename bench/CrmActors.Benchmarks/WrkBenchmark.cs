using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace CrmActors.Benchmarks;

/// <summary>Ingestion measured by an independent load generator: Debian's <c>wrk</c> posting batches of card-spending
/// events (bench/wrk/ingest.lua) at a real engine process on the same machine. Reports events acknowledged per second
/// and ack latency (wrk), events applied per second over the same window and the engine's CPU and allocated bytes per
/// applied event (its /metrics and /proc): an acknowledgement only says "in the journal", so the applied rate is the
/// one that must keep up.</summary>
internal static class WrkBenchmark
{
    public sealed record Options(string Mode, int Seconds, int WarmupSeconds, int Connections, int Threads, int Batch, int Customers,
        string? EngineRoot)
    {
        /// <summary>Propose a rule set version before the load (issue 12): every customer computes it too.</summary>
        public bool Shadow { get; init; }
    }

    public static async Task<WrkResult> Run(Options o)
    {
        EnsureWrk();
        string root = ApiBenchmark.FindRepositoryRoot();
        string? postgres = o.Mode == "postgres" ? await DurablePostgres.StartAsync(root) : null;
        await using var engine = await EngineSession.StartAsync(postgres, o.EngineRoot);
        string label = $"wrk  {o.Mode}{(o.EngineRoot is null ? "" : $" ({Path.GetFileName(o.EngineRoot.TrimEnd('/'))})")}, " +
                       $"{o.Connections} connections, batches of {o.Batch:N0}, {o.Customers:N0} customers" +
                       (o.Shadow ? ", one rule set version pending" : "");
        if (o.Shadow) await ProposeVersion(engine);
        var script = Path.Combine(root, "bench", "wrk", "ingest.lua");
        string run = $"w{DateTime.UtcNow:HHmmss}";

        var warm = await Wrk(engine, script, o, o.WarmupSeconds, run + "a");
        Console.WriteLine($"{label}: warm-up {warm.Accepted / warm.Seconds:N0} events/s acknowledged (not counted)");

        var before = await engine.MetricsAsync();
        double cpuBefore = engine.CpuSeconds();
        int? postmaster = postgres is null ? null : DurablePostgres.PostmasterPid();
        double databaseBefore = postmaster is { } p0 ? ProcessTreeCpu.Seconds(p0) : 0;
        var measured = await Wrk(engine, script, o, o.Seconds, run + "b");
        double cpu = engine.CpuSeconds() - cpuBefore;
        double database = postmaster is { } p1 ? ProcessTreeCpu.Seconds(p1) - databaseBefore : 0;
        var after = await engine.MetricsAsync();

        double applied = Delta(before, after, "crm_events_applied_total");
        double allocated = Delta(before, after, "dotnet_gc_heap_total_allocated_bytes_total");
        double acked = measured.Accepted / measured.Seconds;
        // What the window acknowledged but left undelivered: how long the engine needs to catch up.
        var drain = Stopwatch.StartNew();
        double appliedTotal = after.GetValueOrDefault("crm_events_applied_total");
        while (appliedTotal < warm.Accepted + measured.Accepted && drain.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(200);
            appliedTotal = (await engine.MetricsAsync()).GetValueOrDefault("crm_events_applied_total");
        }
        var result = new WrkResult
        {
            Label = label, Mode = o.Mode, AckedPerSecond = acked, AppliedPerSecond = applied / measured.Seconds,
            AckP50Ms = measured.P50Ms, AckP99Ms = measured.P99Ms, NonAccepted = measured.NonAccepted,
            CpuMicrosPerEvent = applied > 0 ? cpu * 1e6 / applied : null,
            DatabaseCpuMicrosPerEvent = applied > 0 && database > 0 ? database * 1e6 / applied : null,
            AllocatedBytesPerEvent = applied > 0 && allocated > 0 ? allocated / applied : null,
            DrainSeconds = drain.Elapsed.TotalSeconds, Durability = postgres is null ? null : "fsync=on, synchronous_commit=on",
        };
        Console.WriteLine($"{label}: acknowledged {result.AckedPerSecond:N0} events/s (ack p50 {result.AckP50Ms:N1} ms, p99 {result.AckP99Ms:N1} ms, " +
                          $"{result.NonAccepted} requests not 202); applied {result.AppliedPerSecond:N0} events/s in the same {o.Seconds} s; " +
                          $"engine CPU {Format(result.CpuMicrosPerEvent, "N1")} µs/event" +
                          (result.DatabaseCpuMicrosPerEvent is { } db ? $" (+ PostgreSQL {db:N1} µs/event)" : "") + $", allocated {Format(result.AllocatedBytesPerEvent, "N0")} B/event; " +
                          $"backlog drained {result.DrainSeconds:N1} s after the window{(result.Durability is { } d ? $"; PostgreSQL {d}" : "")}");
        return result;
    }

    /// <summary>A version with other rates and a lower 5-star threshold, proposed through the admin API.</summary>
    private static async Task ProposeVersion(EngineSession engine)
    {
        using var admin = new HttpClient { BaseAddress = engine.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await LagBenchmark.Token(admin));
        using var body = new StringContent("""{ "version": "bench-wrk", "rates": { "cardSpending": 800, "shortTermAssets": 150 }, "thresholds": { "5": 2500 } }""",
            System.Text.Encoding.UTF8, "application/json");
        using var reply = await admin.PostAsync("/api/v1/rule-sets", body);
        if ((int)reply.StatusCode != 201)
            throw new InvalidOperationException($"Proposing the benchmark's version answered {(int)reply.StatusCode}: {await reply.Content.ReadAsStringAsync()}");
    }

    private static string Format(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static double Delta(Dictionary<string, double> before, Dictionary<string, double> after, string name) =>
        after.TryGetValue(name, out double a) ? a - before.GetValueOrDefault(name) : 0;

    private sealed record WrkRun(double Seconds, long Accepted, long NonAccepted, double P50Ms, double P99Ms);

    private static async Task<WrkRun> Wrk(EngineSession engine, string script, Options o, int seconds, string run)
    {
        var start = new ProcessStartInfo("wrk",
            ["-t", o.Threads.ToString(CultureInfo.InvariantCulture), "-c", o.Connections.ToString(CultureInfo.InvariantCulture),
             "-d", $"{seconds}s", "--timeout", "30s", "--latency", "-s", script, engine.BaseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CRM_WRK_BATCH"] = o.Batch.ToString(CultureInfo.InvariantCulture);
        start.Environment["CRM_WRK_CUSTOMERS"] = o.Customers.ToString(CultureInfo.InvariantCulture);
        start.Environment["CRM_WRK_RUN"] = run;
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        string output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRK-RESULT ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result:\n{output}\n{await wrk.StandardError.ReadToEndAsync()}");
        using var json = JsonDocument.Parse(line["WRK-RESULT ".Length..]);
        var r = json.RootElement;
        long accepted = 0, other = 0;
        foreach (var status in r.GetProperty("statuses").EnumerateObject())
            if (status.Name == "202") accepted += status.Value.GetInt64();
            else other += status.Value.GetInt64();
        return new WrkRun(r.GetProperty("seconds").GetDouble(), accepted * o.Batch, other, r.GetProperty("p50_ms").GetDouble(),
            r.GetProperty("p99_ms").GetDouble());
    }

    /// <summary>Installs Debian's wrk when it is missing (as root, non-interactively), like ./test.sh installs what the
    /// tests need.</summary>
    internal static void EnsureWrk()
    {
        if (File.Exists("/usr/bin/wrk")) return;
        Console.WriteLine("installing wrk (apt-get install wrk)");
        using var apt = Process.Start(new ProcessStartInfo("bash",
            ["-c", "DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk >&2"]))!;
        apt.WaitForExit();
        if (!File.Exists("/usr/bin/wrk")) throw new InvalidOperationException("wrk is not installed and apt-get could not install it (run as root).");
    }
}

/// <summary>One wrk run: acknowledged and applied events/s, ack latency per batch, engine cost per applied event.</summary>
public sealed record WrkResult
{
    public required string Label { get; init; }
    public required string Mode { get; init; }
    public required double AckedPerSecond { get; init; }
    public required double AppliedPerSecond { get; init; }
    public required double AckP50Ms { get; init; }
    public required double AckP99Ms { get; init; }
    public required long NonAccepted { get; init; }
    public double? CpuMicrosPerEvent { get; init; }
    /// <summary>CPU of the PostgreSQL server's processes per applied event (postgres mode).</summary>
    public double? DatabaseCpuMicrosPerEvent { get; init; }
    public double? AllocatedBytesPerEvent { get; init; }
    public required double DrainSeconds { get; init; }
    /// <summary>The PostgreSQL settings a durable figure was taken with; null for the embedded default.</summary>
    public string? Durability { get; init; }
}
