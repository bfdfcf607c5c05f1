using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CrmActors.Benchmarks;

/// <summary>End-to-end ingestion through the public API of a real engine process on 127.0.0.1 (the embedded
/// default): events/s and acknowledgement latency of 1,000-event batches.</summary>
internal static class ApiBenchmark
{
    /// <param name="warmupEvents">events after the activation batches sent before the measured window and not
    /// counted, so JIT tiering and pool growth are not charged to the measured events (the report's scaling runs).</param>
    public static async Task<ApiRun> Run(int customers, int events, int batchSize, int concurrency, int warmupEvents = 0)
    {
        await using var engine = await EngineSession.StartAsync();
        var bodies = Bodies(customers, events, batchSize);
        // Warm-up: the first batch of every customer activates grains; measured apart.
        int warm = Math.Max(1, customers / batchSize);
        var activation = await Post(engine, bodies.Take(warm).ToList(), concurrency, "api     first batches (activation)", customers);
        int warmup = warmupEvents / batchSize;
        if (warmup > 0)
            await Post(engine, bodies.Skip(warm).Take(warmup).ToList(), concurrency, "api     warm-up (not counted)", customers);
        var measured = await Post(engine, bodies.Skip(warm + warmup).ToList(), concurrency,
            $"api     embedded default, batches of {batchSize:N0}, {concurrency} in flight", customers);
        return new ApiRun(activation, measured);
    }

    /// <summary>Posts <paramref name="bodies"/> with at most <paramref name="concurrency"/> in flight, at
    /// <paramref name="offeredRate"/> events/s when given (open loop: a batch's latency counts from when it was due,
    /// so a saturated engine shows as growing latency, not as a slower sender), else as fast as acknowledged.</summary>
    internal static async Task<ApiResult> Post(EngineSession engine, IReadOnlyList<(byte[] Body, int Count)> bodies, int concurrency,
        string label, int customers, double? offeredRate = null)
    {
        var latencies = new ConcurrentBag<double>();
        long accepted = 0, failures = 0;
        long events = bodies.Sum(b => (long)b.Count);
        using var inFlight = new SemaphoreSlim(concurrency);
        var pending = new List<Task>(bodies.Count);
        double cpuBefore = engine.CpuSeconds();
        var watch = Stopwatch.StartNew();
        long sent = 0;
        foreach (var b in bodies)
        {
            double dueMs = offeredRate is { } rate ? sent * 1000.0 / rate : 0;
            sent += b.Count;
            double wait = dueMs - watch.Elapsed.TotalMilliseconds;
            if (wait > 1) await Task.Delay(TimeSpan.FromMilliseconds(wait));
            await inFlight.WaitAsync();
            long t0 = offeredRate is null ? Stopwatch.GetTimestamp() : StartTicks(watch, dueMs);
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    using var content = new ByteArrayContent(b.Body);
                    content.Headers.ContentType = new("application/json");
                    using var response = await engine.Http.PostAsync("/api/v1/events", content);
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.Accepted) Interlocked.Add(ref accepted, b.Count);
                    else Interlocked.Increment(ref failures);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }
        await Task.WhenAll(pending);
        watch.Stop();
        double cpu = engine.CpuSeconds() - cpuBefore;
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        double? cpuPerEvent = accepted > 0 && cpu > 0 ? cpu * 1e6 / accepted : null;
        var result = new ApiResult(label.Trim(), customers, events, bodies.Count == 0 ? 0 : bodies[0].Count, offeredRate,
            accepted / watch.Elapsed.TotalSeconds, P(0.5), P(0.99), failures, cpuPerEvent);
        Console.WriteLine($"{label,-60} {result.EventsPerSecond,10:N0} events/s   ack p50 {result.AckP50Ms,7:N1} ms   p99 {result.AckP99Ms,7:N1} ms   failed batches {failures}"
                          + (cpuPerEvent is { } c ? $"   engine CPU {c:N1} µs/event" : ""));
        return result;
    }

    /// <summary>The Stopwatch timestamp at which a paced batch was due.</summary>
    private static long StartTicks(Stopwatch watch, double dueMs)
    {
        long now = Stopwatch.GetTimestamp();
        double lateMs = Math.Max(0, watch.Elapsed.TotalMilliseconds - dueMs);
        return now - (long)(lateMs * Stopwatch.Frequency / 1000);
    }

    /// <summary>Contract JSON for a stream of fee and balance events over <paramref name="customers"/> customers.</summary>
    internal static List<(byte[] Body, int Count)> Bodies(int customers, int events, int batchSize, string prefix = "api",
        DateTimeOffset? from = null, double days = 25)
    {
        var random = new Random(11);
        var start = from ?? DateTimeOffset.UtcNow.AddDays(-30);
        var bodies = new List<(byte[], int)>();
        var sb = new StringBuilder();
        for (int first = 0; first < events; first += batchSize)
        {
            int count = Math.Min(batchSize, events - first);
            sb.Clear().Append("{\"events\":[");
            for (int i = first; i < first + count; i++)
            {
                if (i > first) sb.Append(',');
                string at = start.AddSeconds(i * 86400.0 * days / events).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
                string customer = $"C{i % customers:D7}";
                if (random.Next(3) == 0)
                    sb.Append(CultureInfo.InvariantCulture, $"{{\"eventId\":\"{prefix}-{i}\",\"customerId\":\"{customer}\",\"occurredAt\":\"{at}\",\"type\":\"balance\",\"accountId\":\"{customer}-S\",\"indicator\":\"shortTermAssets\",\"balance\":{random.Next(1, 2_000_000)}.{random.Next(100):D2}}}");
                else
                    sb.Append(CultureInfo.InvariantCulture, $"{{\"eventId\":\"{prefix}-{i}\",\"customerId\":\"{customer}\",\"occurredAt\":\"{at}\",\"type\":\"feeBusiness\",\"business\":\"cardSpending\",\"amount\":{random.Next(1, 5_000)}.{random.Next(100):D2}}}");
            }
            sb.Append("]}");
            bodies.Add((Encoding.UTF8.GetBytes(sb.ToString()), count));
        }
        return bodies;
    }

    /// <summary>The engine as a child process on 127.0.0.1, content root src/Api so its pages serve: the embedded default,
    /// or PostgreSQL mode (one durable process) when <paramref name="postgres"/> is a connection string.</summary>
    /// <param name="siloPorts">The silo and gateway ports; fresh ones when null. A restart on the same ports is how a
    /// silo comes back in production: Orleans then declares its previous incarnation dead at once instead of
    /// probing it first.</param>
    internal static Process StartEngine(string root, int port, string? postgres = null, (int Silo, int Gateway)? siloPorts = null)
    {
        List<string> arguments =
        [
            "run", "-c", "Release", "--project", Path.Combine(root, "src", "Api"), "--no-launch-profile", "--",
            "--urls", $"http://127.0.0.1:{port}", "--Orleans:SiloPort", (siloPorts?.Silo ?? FreePort()).ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", (siloPorts?.Gateway ?? FreePort()).ToString(CultureInfo.InvariantCulture), "--Logging:LogLevel:Default", "Warning",
            // The engine's path, not Orleans' dashboard, which profiles every grain call (docs/benchmarks.md, issue 13).
            $"--{CrmActors.Silo.DashboardSetup.EnabledKey}", "false",
        ];
        if (postgres is not null)
            arguments.AddRange(["--Hosting:Mode", "Postgres", "--Postgres:ConnectionString", postgres, "--Hosting:Demo", "true"]);
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "src", "Api"),
        };
        // Demo identities outside the embedded default are a development setting (production refuses them).
        if (postgres is not null) start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the engine.");
        // The last lines of the engine's output, to say why when it exits before it is ready.
        var tail = EngineOutput.GetOrAdd(process.Id, _ => new ConcurrentQueue<string>());
        void Keep(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            tail.Enqueue(e.Data);
            while (tail.Count > 30) tail.TryDequeue(out string? _);
        }
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static readonly ConcurrentDictionary<int, ConcurrentQueue<string>> EngineOutput = new();

    internal static async Task WaitReady(HttpClient http, Process engine)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (engine.HasExited)
            {
                engine.WaitForExit(); // drains the output
                string output = EngineOutput.TryGetValue(engine.Id, out var tail) ? string.Join(" / ", tail.TakeLast(12)) : "";
                throw new InvalidOperationException($"The engine exited with {engine.ExitCode}: {output}");
            }
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("The engine did not become ready within 3 minutes.");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmActors.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }
}
