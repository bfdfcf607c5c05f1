using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace CrmActors.Benchmarks;

/// <summary>Event → screen latency of the push path: a real engine process on 127.0.0.1 (embedded default), a
/// 6-star customer's branchVisit ingested through POST /api/v1/events, and the VIP alert received by a teller's
/// SignalR .NET client and rendered by the front-desk page in Debian's chromium (the page's own
/// receive-to-render timestamps). Measured from the 202 of the ingest; negative values mean the push arrived
/// before the 202. Once at light load (one visit at a time), once with ~10,000 events/s of background ingest.</summary>
internal static class PushLatencyBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly DateTime UnixEpoch = DateTime.UnixEpoch;

    public static async Task<PushResult> Run(int samples, int backgroundRate)
    {
        int port = ApiBenchmark.FreePort();
        var root = ApiBenchmark.FindRepositoryRoot();
        using var engine = ApiBenchmark.StartEngine(root, port);
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "demo-ingest-key");
        try
        {
            await ApiBenchmark.WaitReady(http, engine);
            var vips = await MakeVips(http, 2 * samples + 50);

            // The teller's screen: a SignalR .NET client, and the page in chromium when it is installed.
            var received = new ConcurrentDictionary<string, double>();
            var signal = new SemaphoreSlim(0);
            await using var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(baseAddress, "/hubs/frontdesk"), o => o.AccessTokenProvider = () => Token(http, "teller-b001")!)
                .Build();
            hub.On<JsonElement>("vipAlert", m =>
            {
                received.TryAdd(m.GetProperty("customerId").GetString()!, Now());
                signal.Release();
            });
            await hub.StartAsync();
            await hub.InvokeAsync<JsonElement>("Hello");
            await using var browser = await BrowserScreen.Open(baseAddress);

            int next = 0;
            // Warm-up: activations, JIT, the desk grain.
            await Measure(http, vips, ref next, 20, received, signal, browser, "warm-up", background: null, print: false);
            var light = await Measure(http, vips, ref next, samples, received, signal, browser, "light load (one visit at a time)", background: null, print: true);
            var background = new BackgroundLoad(http, backgroundRate);
            background.Start();
            await Task.Delay(2_000); // let the load settle
            var loaded = await Measure(http, vips, ref next, samples, received, signal, browser,
                $"with {backgroundRate:N0} events/s background ingest", background, print: true);
            await background.StopAsync();
            return new PushResult(backgroundRate, light!, loaded!);
        }
        finally
        {
            try { engine.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
    }

    private static Task<PushWindow?> Measure(HttpClient http, List<string> vips, ref int next, int count,
        ConcurrentDictionary<string, double> received, SemaphoreSlim signal, BrowserScreen? browser, string label,
        BackgroundLoad? background, bool print)
    {
        var batch = vips.Skip(next).Take(count).ToList();
        next += batch.Count;
        return MeasureAsync(http, batch, received, signal, browser, label, background, print);
    }

    private static async Task<PushWindow?> MeasureAsync(HttpClient http, List<string> customers,
        ConcurrentDictionary<string, double> received, SemaphoreSlim signal, BrowserScreen? browser, string label,
        BackgroundLoad? background, bool print)
    {
        var acked = new Dictionary<string, (double Sent, double Acked)>();
        int lost = 0;
        long bgStart = background?.Accepted ?? 0;
        var window = Stopwatch.StartNew();
        foreach (var customer in customers)
        {
            double sent = Now();
            using var response = await http.PostAsync("/api/v1/events", Json(Visit(customer)));
            double ack = Now();
            if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"ingest: {(int)response.StatusCode}");
            acked[customer] = (sent, ack);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (!received.ContainsKey(customer) && DateTime.UtcNow < deadline) await signal.WaitAsync(TimeSpan.FromMilliseconds(50));
            if (!received.ContainsKey(customer)) lost++;
            await Task.Delay(10);
        }
        window.Stop();
        if (!print) return null;
        var fromAck = customers.Where(received.ContainsKey).Select(c => received[c] - acked[c].Acked).ToArray();
        var fromSend = customers.Where(received.ContainsKey).Select(c => received[c] - acked[c].Sent).ToArray();
        var ackTimes = customers.Select(c => acked[c].Acked - acked[c].Sent).ToArray();
        double? bgAchieved = background is null ? null : (background.Accepted - bgStart) / window.Elapsed.TotalSeconds;
        string bg = bgAchieved is { } achieved ? $"  background achieved {achieved:N0} events/s" : "";
        Console.WriteLine($"push    {label}: {customers.Count} alerts, {lost} not received{bg}");
        Console.WriteLine($"push      ingest 202 (send→202)                     p50 {P(ackTimes, 0.5),8:N1} ms   p99 {P(ackTimes, 0.99),8:N1} ms");
        Console.WriteLine($"push      202 → alert at SignalR .NET client        p50 {P(fromAck, 0.5),8:N1} ms   p99 {P(fromAck, 0.99),8:N1} ms");
        Console.WriteLine($"push      send → alert at SignalR .NET client       p50 {P(fromSend, 0.5),8:N1} ms   p99 {P(fromSend, 0.99),8:N1} ms");
        if (browser is null)
        {
            Console.WriteLine($"push      browser: {Chromium} not installed (scripts/chromium.sh), not measured");
            return Window(null);
        }
        var renders = await browser.Renders();
        var fromAckRendered = customers.Where(renders.ContainsKey).Select(c => renders[c].RenderedAt - acked[c].Acked).ToArray();
        var receiveToRender = customers.Where(renders.ContainsKey).Select(c => renders[c].RenderedAt - renders[c].ReceivedAt).ToArray();
        Console.WriteLine($"push      202 → alert rendered in chromium          p50 {P(fromAckRendered, 0.5),8:N1} ms   p99 {P(fromAckRendered, 0.99),8:N1} ms   ({fromAckRendered.Length} rendered)");
        Console.WriteLine($"push      page receive → render                     p50 {P(receiveToRender, 0.5),8:N1} ms   p99 {P(receiveToRender, 0.99),8:N1} ms");
        return Window(fromAckRendered);

        PushWindow Window(double[]? rendered) => new(label, customers.Count, lost,
            bgAchieved,
            P(ackTimes, 0.5), P(ackTimes, 0.99), P(fromAck, 0.5), P(fromAck, 0.99), P(fromSend, 0.5), P(fromSend, 0.99),
            rendered is null ? null : P(rendered, 0.5), rendered is null ? null : P(rendered, 0.99));
    }

    private static double P(double[] values, double q)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
    }

    /// <summary>Wall-clock milliseconds since 1970, comparable with the page's performance.timeOrigin + now().</summary>
    private static double Now() => (DateTime.UtcNow - UnixEpoch).TotalMilliseconds;

    private static string At(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static string Visit(string customer) =>
        $"{{\"events\":[{{\"eventId\":\"pv-{Guid.NewGuid():N}\",\"customerId\":\"{customer}\",\"occurredAt\":\"{At(DateTimeOffset.UtcNow)}\",\"type\":\"branchVisit\",\"branchId\":\"B001\",\"channel\":\"counter\"}}]}}";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>6-star customers (800,000 CNY held over the window), so each visit at B001 is an alert.</summary>
    private static async Task<List<string>> MakeVips(HttpClient http, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => $"PV{i:D6}").ToList();
        string longAgo = At(DateTimeOffset.UtcNow.AddDays(-200));
        foreach (var chunk in ids.Chunk(500))
        {
            var sb = new StringBuilder("{\"events\":[");
            foreach (var id in chunk)
                sb.Append(CultureInfo.InvariantCulture,
                    $"{{\"eventId\":\"pp-{id}\",\"customerId\":\"{id}\",\"occurredAt\":\"{longAgo}\",\"type\":\"profile\",\"homeBranchId\":\"B900\",\"displayName\":\"测试客户\"}},"
                    + $"{{\"eventId\":\"pb-{id}\",\"customerId\":\"{id}\",\"occurredAt\":\"{longAgo}\",\"type\":\"balance\",\"accountId\":\"A\",\"indicator\":\"shortTermAssets\",\"balance\":800000}},");
            sb.Length--;
            sb.Append("]}");
            using var response = await http.PostAsync("/api/v1/events", Json(sb.ToString()));
            if (response.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException($"setup: {(int)response.StatusCode}");
        }
        return ids;
    }

    private static async Task<string?> Token(HttpClient http, string username)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token") { Content = JsonContent.Create(new { username, password = "demo" }) };
        request.Headers.Authorization = null;
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString();
    }

    /// <summary>Card spending of 10,000 other customers, paced at a fixed rate in batches of 500, never waiting for the
    /// previous batch beyond 8 in flight.</summary>
    private sealed class BackgroundLoad(HttpClient http, int rate)
    {
        private const int Batch = 500;
        private readonly CancellationTokenSource _stop = new();
        private Task? _run;
        private long _accepted;

        public long Accepted => Interlocked.Read(ref _accepted);

        public void Start() => _run = Task.Run(() => Loop(_stop.Token));

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            if (_run is not null) await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        private async Task Loop(CancellationToken stop)
        {
            var inFlight = new SemaphoreSlim(8);
            var clock = Stopwatch.StartNew();
            long sent = 0;
            var random = new Random(5);
            while (!stop.IsCancellationRequested)
            {
                double due = sent * 1000.0 / rate;
                double wait = due - clock.Elapsed.TotalMilliseconds;
                if (wait > 1) await Task.Delay(TimeSpan.FromMilliseconds(wait), stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stop.IsCancellationRequested) break;
                await inFlight.WaitAsync(stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stop.IsCancellationRequested) break;
                var sb = new StringBuilder("{\"events\":[");
                string at = At(DateTimeOffset.UtcNow);
                for (int i = 0; i < Batch; i++)
                {
                    long n = sent + i;
                    if (i > 0) sb.Append(',');
                    sb.Append(CultureInfo.InvariantCulture,
                        $"{{\"eventId\":\"bg-{n}-{random.Next()}\",\"customerId\":\"BG{n % 10_000:D5}\",\"occurredAt\":\"{at}\",\"type\":\"feeBusiness\",\"business\":\"cardSpending\",\"amount\":{random.Next(1, 500)}.{random.Next(100):D2}}}");
                }
                sb.Append("]}");
                sent += Batch;
                var body = sb.ToString();
                _ = Task.Run(async () =>
                {
                    try
                    {
                        using var response = await http.PostAsync("/api/v1/events", Json(body));
                        if (response.StatusCode == HttpStatusCode.Accepted) Interlocked.Add(ref _accepted, Batch);
                    }
                    catch (Exception) { /* counted as not accepted */ }
                    finally { inFlight.Release(); }
                });
            }
        }
    }

    /// <summary>The teller's front-desk page in Debian's chromium, read back for its receive-to-render timestamps.</summary>
    private sealed class BrowserScreen : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;
        private readonly IPage _page;

        private BrowserScreen(IPlaywright playwright, IBrowser browser, IPage page)
        {
            _playwright = playwright;
            _browser = browser;
            _page = page;
        }

        public static async Task<BrowserScreen?> Open(Uri baseAddress)
        {
            if (!File.Exists(Chromium)) return null;
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium,
                Headless = true,
                Args = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
            });
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = baseAddress.ToString().TrimEnd('/'), ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            await page.GotoAsync("/");
            await page.FillAsync("#username", "teller-b001");
            await page.FillAsync("#password", "demo");
            await page.ClickAsync("button[type=submit]");
            await page.WaitForSelectorAsync("#conn-state[data-state=connected]", new PageWaitForSelectorOptions { Timeout = 30_000 });
            return new BrowserScreen(playwright, browser, page);
        }

        public async Task<Dictionary<string, (double ReceivedAt, double RenderedAt)>> Renders()
        {
            await _page.WaitForTimeoutAsync(200);
            var renders = await _page.EvaluateAsync<JsonElement>("() => window.crmScreen.renders.filter(r => r.type === 'vipAlert')");
            var result = new Dictionary<string, (double, double)>();
            foreach (var r in renders.EnumerateArray())
                result.TryAdd(r.GetProperty("customerId").GetString()!, (r.GetProperty("receivedAt").GetDouble(), r.GetProperty("renderedAt").GetDouble()));
            return result;
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }
    }
}
