using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmActors.Benchmarks;

/// <summary>The benchmarks in sequence, each row printed as soon as it is measured, then one table with the machine
/// and the issue's targets, written as artifacts/bench-report.json and .md, and the load chart
/// docs/benchmarks/load.png.</summary>
internal static class ReportBenchmark
{
    private const double DurableTarget = 50_000, EmbeddedTarget = 150_000, PushP99Target = 100, BytesPerCustomerTarget = 4_096;
    private const double FlatTolerance = 1.25; // per-event cost counts as flat within +25 % of the smallest run

    private const int CurveInFlight = 64;

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static async Task Run(ReportScale scale)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        string loadStart = LoadAverage();
        var rows = new List<ReportRow>();
        void Add(ReportRow row)
        {
            rows.Add(row);
            Console.WriteLine($"ROW  {row.Area} | {row.Measure} | {row.Figure}" + (row.Target.Length > 0 ? $" | target {row.Target}: {row.Verdict}" : ""));
        }

        Console.WriteLine($"report ({scale.Name}) — load average at start {loadStart}");
        var root = ApiBenchmark.FindRepositoryRoot();

        // 1. The ceiling: the pure library on one thread.
        LedgerResult? ceiling = null;
        await Step("ceiling", Add, () =>
        {
            ceiling = LedgerBenchmark.Run(scale.LedgerCustomers, scale.LedgerEvents, 0);
            var late = LedgerBenchmark.Run(scale.LedgerCustomers, scale.LedgerEvents, 0.01);
            Add(new("ceiling", $"pure library, one thread ({ceiling.Events:N0} events, {ceiling.Customers:N0} customers)", $"{ceiling.EventsPerSecond:N0} events/s ({ceiling.MicrosPerEvent:N2} µs/event)"));
            Add(new("ceiling", "pure library, one thread, 1 % late events", $"{late.EventsPerSecond:N0} events/s ({late.Rebuilds:N0} rebuilds)"));
            return Task.CompletedTask;
        });

        // 2. End to end, embedded default.
        ApiRun? embedded = null;
        await Step("embedded", Add, async () =>
        {
            embedded = await ApiBenchmark.Run(scale.ApiCustomers, scale.ApiEvents, 1_000, 8); // as `api` mode, no warm-up
            var m = embedded.Measured;
            Add(new("embedded", $"end to end, {m.Events:N0} events over {m.Customers:N0} customers, batches of 1,000, 8 in flight", $"{m.EventsPerSecond:N0} events/s", "≥ 150,000 events/s", AtLeast(m.EventsPerSecond, EmbeddedTarget, "events/s")));
            Add(new("embedded", "ack latency per batch of 1,000", $"p50 {m.AckP50Ms:N1} ms, p99 {m.AckP99Ms:N1} ms"));
            Add(new("embedded", "engine CPU per event (process tree)", Micros(m.EngineCpuMicrosPerEvent)));
            Add(new("embedded", $"first batches (activation of {m.Customers:N0} customers), apart", $"{embedded.Activation.EventsPerSecond:N0} events/s"));
            if (ceiling is not null)
                Add(new("embedded", "end to end / ceiling", $"{m.EventsPerSecond / ceiling.EventsPerSecond:P0} (engine on {Environment.ProcessorCount} cores shared with the load generator; ceiling on one thread)"));
        });

        // 3. End to end, PostgreSQL mode (the durability tests' Measure tool as a child process).
        DurableResult? durable = null;
        await Step("durable", Add, async () =>
        {
            durable = await Durable(root, scale.DurableEvents, scale.DurableCustomers);
            if (durable.Unavailable is { } why)
            {
                Add(new("durable", "PostgreSQL mode", $"not measured: {why}", "≥ 50,000 events/s", "not measured"));
                return;
            }
            Add(new("durable", $"PostgreSQL mode, applied end to end ({durable.Events:N0} events over {durable.Customers:N0} customers)", $"{durable.AppliedPerSecond:N0} events/s", "≥ 50,000 events/s", AtLeast(durable.AppliedPerSecond ?? 0, DurableTarget, "events/s")));
            Add(new("durable", "PostgreSQL mode, acknowledged", $"{durable.AcknowledgedPerSecond:N0} events/s"));
            Add(new("durable", "PostgreSQL mode, ack latency per batch of 1,000", $"p50 {durable.AckP50Ms:N0} ms, p99 {durable.AckP99Ms:N0} ms"));
        });

        // 4. Event → SignalR push under load.
        PushResult? push = null;
        await Step("push", Add, async () =>
        {
            try
            {
                push = await PushLatencyBenchmark.Run(scale.PushSamples, scale.PushRate);
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("The engine exited", StringComparison.Ordinal))
            {
                // Seen once in a quick run right after the PostgreSQL step (exit 134 at start-up): one more try.
                Console.WriteLine($"push    engine did not start ({e.Message}); trying once more");
                push = await PushLatencyBenchmark.Run(scale.PushSamples, scale.PushRate);
            }
            var l = push.Loaded;
            // As in docs/benchmarks.md: from the event's 202 (accepted) to the alert at a teller's SignalR client.
            Add(new("push", $"event (its 202) → SignalR client at {push.BackgroundRate:N0} events/s background ({l.BackgroundEventsPerSecond:N0} achieved; {l.Alerts} alerts, {l.NotReceived} lost)",
                $"p50 {l.AckToClientP50Ms:N1} ms, p99 {l.AckToClientP99Ms:N1} ms", "p99 ≤ 100 ms", AtMost(l.AckToClientP99Ms, PushP99Target, "ms")));
            Add(new("push", "send → SignalR client, same load (includes the ingest request's own queueing)", $"p50 {l.SendToClientP50Ms:N1} ms, p99 {l.SendToClientP99Ms:N1} ms"));
            if (l.AckToRenderedP99Ms is { } r)
                Add(new("push", "202 → rendered in chromium, same load", $"p50 {l.AckToRenderedP50Ms:N1} ms, p99 {r:N1} ms"));
            Add(new("push", "202 → SignalR client at light load", $"p50 {push.Light.AckToClientP50Ms:N1} ms, p99 {push.Light.AckToClientP99Ms:N1} ms"));
        });

        // 5. Memory per resident customer, each size in a fresh process.
        var memory = new List<MemoryResult>();
        foreach (int n in scale.MemoryCustomers)
            await Step($"memory {n:N0}", Add, async () =>
            {
                var m = await MemoryInChild(n, scale.MemoryHistory);
                memory.Add(m);
                Add(new("memory", $"{n:N0} resident customers × {m.EventsPerCustomer} events, idle, GC heap", $"{m.IdleHeapBytesPerCustomer:N0} B/customer", "≤ 4,096 B", AtMost(m.IdleHeapBytesPerCustomer, BytesPerCustomerTarget, "B")));
                Add(new("memory", $"{n:N0} resident customers, idle, working set", $"{m.IdleWorkingSetBytesPerCustomer:N0} B/customer", "≤ 4,096 B", AtMost(m.IdleWorkingSetBytesPerCustomer, BytesPerCustomerTarget, "B")));
            });

        // 6. Scaling: the same number of events over 10×, 100× more customers.
        var scaling = new List<ApiRun>();
        foreach (int n in scale.ScalingCustomers)
            await Step($"scaling {n:N0}", Add, async () =>
            {
                int warmup = scale.ScalingEvents / 5;
                var run = await ApiBenchmark.Run(n, n + warmup + scale.ScalingEvents, 1_000, 8, warmup);
                scaling.Add(run);
                var m = run.Measured;
                var first = scaling[0].Measured;
                string verdict = "", target = "";
                string ratio = "";
                if (scaling.Count > 1 && first.EngineCpuMicrosPerEvent is { } a && m.EngineCpuMicrosPerEvent is { } b)
                {
                    double r = b / a;
                    ratio = $" = {r:N2}× the {first.Customers:N0} run";
                    target = $"flat (≤ {FlatTolerance:N2}×)";
                    verdict = r <= FlatTolerance ? "met" : $"missed by {(r - 1) * 100:N0} % more per event";
                }
                Add(new("scaling", $"{n:N0} customers, {m.Events:N0} events ({m.Events / (double)n:N1} per customer) after activation and {warmup:N0} warm-up events",
                    $"{m.EventsPerSecond:N0} events/s, engine CPU {Micros(m.EngineCpuMicrosPerEvent)}{ratio}", target, verdict));
            });

        // 7. The load curve: paced offered rates, then unpaced.
        var curve = new List<ApiResult>();
        await Step("load curve", Add, async () =>
        {
            curve.AddRange(await LoadCurve(scale));
            foreach (var p in curve)
                Add(new("load", p.OfferedEventsPerSecond is { } o ? $"offered {o:N0} events/s" : $"unpaced ({CurveInFlight} in flight)",
                    $"{p.EventsPerSecond:N0} events/s, ack p50 {p.AckP50Ms:N1} ms, p99 {p.AckP99Ms:N1} ms"));
            string chart = Path.Combine(root, "docs", "benchmarks", "load.png");
            LoadChart.Draw(curve, chart, ChartTitle(scale.Name, scale.CurveBatch));
            Console.WriteLine($"chart   {chart}");
        });

        var machine = new MachineInfo(Environment.ProcessorCount, Environment.Version.ToString(), Environment.OSVersion.ToString(),
            System.Runtime.GCSettings.IsServerGC, loadStart, LoadAverage());
        var report = new BenchReport(scale.Name, started, clock.Elapsed.TotalMinutes, machine, rows, ceiling, embedded, durable, push,
            memory, scaling, curve);
        Write(root, report);
    }

    /// <summary>The load chart again from the last report's artifacts/bench-report.json.</summary>
    public static void RedrawChart()
    {
        var root = ApiBenchmark.FindRepositoryRoot();
        var report = JsonSerializer.Deserialize<BenchReport>(File.ReadAllText(Path.Combine(root, "artifacts", "bench-report.json")), Json)
                     ?? throw new InvalidOperationException("empty artifacts/bench-report.json");
        string chart = Path.Combine(root, "docs", "benchmarks", "load.png");
        LoadChart.Draw(report.LoadCurve, chart, ChartTitle(report.Scale, report.LoadCurve.FirstOrDefault()?.BatchSize ?? 0));
        Console.WriteLine($"chart   {chart}");
    }

    private static string ChartTitle(string scale, int batch) =>
        $"CrmActors embedded engine, batches of {batch}, {Environment.ProcessorCount} cores ({scale})";

    /// <summary>Runs one part of the report; a failure becomes a row instead of ending the report.</summary>
    private static async Task Step(string area, Action<ReportRow> add, Func<Task> step)
    {
        var watch = Stopwatch.StartNew();
        Console.WriteLine($"\n--- {area}");
        try
        {
            await step();
        }
        catch (Exception e)
        {
            add(new(area, "failed", $"{e.GetType().Name}: {e.Message}"));
        }
        Console.WriteLine($"--- {area} took {watch.Elapsed.TotalSeconds:N0} s");
    }

    private static async Task<List<ApiResult>> LoadCurve(ReportScale scale)
    {
        await using var engine = await EngineSession.StartAsync();
        int segments = scale.CurveRates.Length + 2;
        var from = DateTimeOffset.UtcNow.AddDays(-60);
        double days = 50.0 / segments; // each point's events later than the previous point's: no late events
        var activation = ApiBenchmark.Bodies(scale.CurveCustomers, scale.CurveCustomers, scale.CurveBatch, "lc-a", from, days);
        await ApiBenchmark.Post(engine, activation, 8, "load    activation", scale.CurveCustomers);
        var points = new List<ApiResult>();
        for (int i = 0; i <= scale.CurveRates.Length; i++)
        {
            double? rate = i < scale.CurveRates.Length ? scale.CurveRates[i] : null;
            int events = rate is { } r ? (int)(r * scale.CurveSeconds) : scale.CurveUnpacedEvents;
            var bodies = ApiBenchmark.Bodies(scale.CurveCustomers, events, scale.CurveBatch, $"lc{i}", from.AddDays(days * (i + 1)), days);
            // 64 in flight for every point, so the unpaced point is the engine's saturation under the same client.
            points.Add(await ApiBenchmark.Post(engine, bodies, CurveInFlight,
                rate is { } o ? $"load    offered {o:N0} events/s" : "load    unpaced", scale.CurveCustomers, rate));
        }
        return points;
    }

    /// <summary>PostgreSQL mode through the durability tests' Measure tool (which starts PostgreSQL itself).</summary>
    private static async Task<DurableResult> Durable(string root, int events, int customers)
    {
        var (exit, lines) = await Child("dotnet",
            ["run", "-c", "Release", "--project", Path.Combine(root, "tests", "CrmActors.Durability.Tests", "Measure"), "--",
             "throughput", "mode=postgres", $"events={events}", $"customers={customers}"], root, TimeSpan.FromMinutes(60));
        var result = lines.LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (result is null)
            return new DurableResult(events, customers, null, null, null, null,
                $"exit code {exit}; " + (lines.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "no output"));
        var values = result["RESULT ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        double? Get(string key) => values.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, C, out var d) ? d : null;
        return new DurableResult(events, customers, Get("acknowledgedPerSecond"), Get("appliedPerSecond"), Get("ackP50Ms"), Get("ackP99Ms"), null);
    }

    /// <summary>This benchmark in a fresh process (<c>memory --resident N --json</c>), so the heaps of two sizes never mix.</summary>
    private static async Task<MemoryResult> MemoryInChild(int customers, int history)
    {
        string dll = Assembly.GetEntryAssembly()!.Location;
        var (exit, lines) = await Child("dotnet",
            [dll, "memory", "--resident", customers.ToString(C), "--history", history.ToString(C), "--json"],
            Environment.CurrentDirectory, TimeSpan.FromMinutes(60));
        var line = lines.LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"memory child exited with {exit} without a RESULT line");
        return JsonSerializer.Deserialize<MemoryResult>(line["RESULT ".Length..], Json)
               ?? throw new InvalidOperationException("memory child: empty RESULT");
    }

    /// <summary>A child process whose output is echoed indented and returned.</summary>
    private static async Task<(int Exit, List<string> Lines)> Child(string file, string[] args, string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var lines = new List<string>();
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            Console.WriteLine($"    | {e.Data}");
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout.TotalMinutes:N0} min");
        }
        process.WaitForExit(); // drains the output events
        lock (lines) return (process.ExitCode, [.. lines]);
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static void Write(string root, BenchReport report)
    {
        var m = report.Machine;
        string machine = $"{m.Cores} cores, .NET {m.Dotnet}, {m.Os}, server GC {m.ServerGc}; load average at start {m.LoadAverageStart}, at end {m.LoadAverageEnd}";
        int wArea = Math.Max(4, report.Rows.Max(r => r.Area.Length)), wMeasure = Math.Max(7, report.Rows.Max(r => r.Measure.Length));
        int wFigure = Math.Max(6, report.Rows.Max(r => r.Figure.Length)), wTarget = Math.Max(6, report.Rows.Max(r => r.Target.Length));
        var table = new StringBuilder();
        table.AppendLine(C, $"\nCrmActors benchmark report ({report.Scale}, {report.Started:yyyy-MM-dd HH:mm zzz}, {report.Minutes:N1} min)");
        table.AppendLine(machine);
        table.AppendLine(C, $"{"area".PadRight(wArea)}  {"measure".PadRight(wMeasure)}  {"figure".PadRight(wFigure)}  {"target".PadRight(wTarget)}  verdict");
        table.AppendLine(new string('-', wArea + wMeasure + wFigure + wTarget + 16));
        foreach (var r in report.Rows)
            table.AppendLine(C, $"{r.Area.PadRight(wArea)}  {r.Measure.PadRight(wMeasure)}  {r.Figure.PadRight(wFigure)}  {r.Target.PadRight(wTarget)}  {r.Verdict}");
        Console.Write(table);

        string artifacts = Path.Combine(root, "artifacts");
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, "bench-report.json"), JsonSerializer.Serialize(report, Json));

        var md = new StringBuilder();
        md.AppendLine(C, $"# CrmActors benchmark report ({report.Scale})").AppendLine();
        md.AppendLine(C, $"{report.Started:yyyy-MM-dd HH:mm zzz}, {report.Minutes:N1} min. Machine: {machine}.").AppendLine();
        md.AppendLine("| area | measure | figure | target | verdict |").AppendLine("|---|---|---|---|---|");
        foreach (var r in report.Rows)
            md.AppendLine(C, $"| {Cell(r.Area)} | {Cell(r.Measure)} | {Cell(r.Figure)} | {Cell(r.Target)} | {Cell(r.Verdict)} |");
        md.AppendLine().AppendLine("![throughput and ack latency against offered load](../docs/benchmarks/load.png)");
        File.WriteAllText(Path.Combine(artifacts, "bench-report.md"), md.ToString());
        Console.WriteLine($"\nwritten: {Path.Combine(artifacts, "bench-report.json")}, {Path.Combine(artifacts, "bench-report.md")}");
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string AtLeast(double value, double target, string unit) =>
        value >= target ? "met" : $"missed by {target - value:N0} {unit} ({(target - value) / target:P0})";

    private static string AtMost(double value, double target, string unit) =>
        double.IsNaN(value) ? "not measured" : value <= target ? "met" : $"missed by {value - target:N0} {unit} ({(value - target) / target:P0})";

    private static string Micros(double? value) => value is { } v ? $"{v:N1} µs/event" : "n/a";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
