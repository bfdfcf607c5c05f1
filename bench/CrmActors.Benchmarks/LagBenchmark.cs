using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CrmActors.Benchmarks;

/// <summary>How long a read may lag its 202 (docs/architecture.md, "One path"): under a steady background load paced
/// at <c>rate</c> events/s, a marker event for a fresh customer is posted every 50 ms and the customer is read through
/// the API every millisecond from its 202 until it is there. The 202 says "in the journal"; the read shows the event
/// once the queue's dispatcher has delivered it.</summary>
internal static class LagBenchmark
{
    public static async Task<LagResult> Run(string mode, double rate, int seconds, string? engineRoot)
    {
        string root = ApiBenchmark.FindRepositoryRoot();
        string? postgres = mode == "postgres" ? await DurablePostgres.StartAsync(root) : null;
        await using var engine = await EngineSession.StartAsync(postgres, engineRoot);
        using var staff = new HttpClient { BaseAddress = engine.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        staff.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await Token(staff));

        // Warm-up: activate the background population and let JIT settle.
        const int customers = 100_000;
        await ApiBenchmark.Post(engine, ApiBenchmark.Bodies(customers, customers, 1_000, "lagwarm"), 8, "lag     warm-up (not counted)", customers);
        // A 202 only says "in the journal": let the warm-up's backlog drain, or the first markers wait behind it.
        for (var drain = Stopwatch.StartNew(); drain.Elapsed < TimeSpan.FromMinutes(5); await Task.Delay(200))
            if ((await engine.MetricsAsync()).GetValueOrDefault("crm_events_applied_total") >= customers) break;
        var background = ApiBenchmark.Bodies(customers, (int)(rate * seconds), 1_000, "lagload");

        var lags = new ConcurrentBag<double>();
        using var stop = new CancellationTokenSource();
        var markers = Task.Run(async () =>
        {
            for (int n = 0; !stop.IsCancellationRequested; n++)
            {
                var tick = Task.Delay(50);
                string customer = $"LAG{n:D6}";
                string body = $"{{\"events\":[{{\"eventId\":\"lag-{n}\",\"customerId\":\"{customer}\",\"occurredAt\":\"" +
                              DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) +
                              "\",\"type\":\"feeBusiness\",\"business\":\"cardSpending\",\"amount\":100}]}";
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var ack = await engine.Http.PostAsync("/api/v1/events", content);
                if (ack.StatusCode != HttpStatusCode.Accepted) continue;
                long acked = Stopwatch.GetTimestamp();
                while (true)
                {
                    using var read = await staff.GetAsync($"/api/v1/customers/{customer}");
                    if (read.StatusCode == HttpStatusCode.OK) break;
                    await Task.Delay(1);
                }
                lags.Add(Stopwatch.GetElapsedTime(acked).TotalMilliseconds);
                await tick;
            }
        });
        var load = await ApiBenchmark.Post(engine, background, 8, $"lag     {mode} background load", customers, offeredRate: rate);
        stop.Cancel();
        await markers;

        var sorted = lags.Order().ToArray();
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
        var result = new LagResult(mode, rate, load.EventsPerSecond, sorted.Length, P(0.5), P(0.99), sorted.Length == 0 ? double.NaN : sorted[^1]);
        Console.WriteLine($"lag     {mode}, background {load.EventsPerSecond:N0} events/s acknowledged (offered {rate:N0}): 202 -> visible in GET " +
                          $"p50 {result.P50Ms:N1} ms, p99 {result.P99Ms:N1} ms, max {result.MaxMs:N1} ms over {result.Samples} markers" +
                          (postgres is null ? "" : "; PostgreSQL fsync=on, synchronous_commit=on"));
        return result;
    }

    /// <summary>A staff bearer token (the demo admin) from the engine behind <paramref name="http"/>.</summary>
    internal static async Task<string> Token(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = "demo" });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }
}

/// <summary>Read-after-202 lag under a paced background load.</summary>
public sealed record LagResult(string Mode, double OfferedRate, double AckedRate, int Samples, double P50Ms, double P99Ms, double MaxMs);
