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
    public static async Task Run(int customers, int events, int batchSize, int concurrency)
    {
        int port = FreePort();
        var root = FindRepositoryRoot();
        using var engine = StartEngine(root, port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "ApiKey demo-ingest-key");
        try
        {
            await WaitReady(http, engine);
            var bodies = Bodies(customers, events, batchSize);
            // Warm-up: the first batch of every customer activates grains; measured apart.
            int warm = Math.Max(1, customers / batchSize);
            await Post(http, bodies.Take(warm).ToList(), concurrency, "api     first batches (activation)");
            await Post(http, bodies.Skip(warm).ToList(), concurrency, $"api     embedded default, batches of {batchSize:N0}, {concurrency} in flight");
        }
        finally
        {
            try { engine.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    private static async Task Post(HttpClient http, List<(byte[] Body, int Count)> bodies, int concurrency, string label)
    {
        var latencies = new ConcurrentBag<double>();
        long accepted = 0, failures = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (b, ct) =>
        {
            long t0 = Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(b.Body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("/api/v1/events", content, ct);
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            if (response.StatusCode == HttpStatusCode.Accepted) Interlocked.Add(ref accepted, b.Count);
            else Interlocked.Increment(ref failures);
        });
        watch.Stop();
        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        Console.WriteLine($"{label,-60} {accepted / watch.Elapsed.TotalSeconds,10:N0} events/s   ack p50 {P(0.5),7:N1} ms   p99 {P(0.99),7:N1} ms   failed batches {failures}");
    }

    /// <summary>Contract JSON for a stream of fee and balance events over <paramref name="customers"/> customers.</summary>
    private static List<(byte[] Body, int Count)> Bodies(int customers, int events, int batchSize)
    {
        var random = new Random(11);
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        var bodies = new List<(byte[], int)>();
        var sb = new StringBuilder();
        for (int first = 0; first < events; first += batchSize)
        {
            int count = Math.Min(batchSize, events - first);
            sb.Clear().Append("{\"events\":[");
            for (int i = first; i < first + count; i++)
            {
                if (i > first) sb.Append(',');
                string at = start.AddSeconds(i * 86400.0 * 25 / events).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);
                string customer = $"C{i % customers:D7}";
                if (random.Next(3) == 0)
                    sb.Append(CultureInfo.InvariantCulture, $"{{\"eventId\":\"api-{i}\",\"customerId\":\"{customer}\",\"occurredAt\":\"{at}\",\"type\":\"balance\",\"accountId\":\"{customer}-S\",\"indicator\":\"shortTermAssets\",\"balance\":{random.Next(1, 2_000_000)}.{random.Next(100):D2}}}");
                else
                    sb.Append(CultureInfo.InvariantCulture, $"{{\"eventId\":\"api-{i}\",\"customerId\":\"{customer}\",\"occurredAt\":\"{at}\",\"type\":\"feeBusiness\",\"business\":\"cardSpending\",\"amount\":{random.Next(1, 5_000)}.{random.Next(100):D2}}}");
            }
            sb.Append("]}");
            bodies.Add((Encoding.UTF8.GetBytes(sb.ToString()), count));
        }
        return bodies;
    }

    /// <summary>The engine as a child process (embedded default) on 127.0.0.1, content root src/Api so its pages serve.</summary>
    internal static Process StartEngine(string root, int port)
    {
        var start = new ProcessStartInfo("dotnet",
            ["run", "-c", "Release", "--project", Path.Combine(root, "src", "Api"), "--no-launch-profile", "--",
             "--urls", $"http://127.0.0.1:{port}", "--Orleans:SiloPort", FreePort().ToString(CultureInfo.InvariantCulture),
             "--Orleans:GatewayPort", FreePort().ToString(CultureInfo.InvariantCulture), "--Logging:LogLevel:Default", "Warning"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(root, "src", "Api"),
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the engine.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitReady(HttpClient http, Process engine)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (engine.HasExited) throw new InvalidOperationException($"The engine exited with {engine.ExitCode}.");
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
