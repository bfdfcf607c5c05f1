using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace CrmActors.Durability.Tests.Support;

/// <summary>A card system's producer: posts batches to the API nodes, several at a time, and retries every batch that
/// was not acknowledged (refused connection, reset, timeout, 503) with the very same bytes — on the next API node —
/// until it gets its 202. Records when each batch was acknowledged and how long the acknowledging request took.</summary>
public sealed class Producer : IDisposable
{
    public const string ApiKey = "demo-ingest-key";

    private readonly IReadOnlyList<Uri> _apis;
    private readonly HttpClient _http;

    public Producer(IReadOnlyList<Uri> apis, TimeSpan? requestTimeout = null)
    {
        _apis = apis;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            MaxConnectionsPerServer = 64,
        })
        { Timeout = requestTimeout ?? TimeSpan.FromSeconds(30) };
    }

    /// <summary>What happened to one batch.</summary>
    public sealed record BatchOutcome(int Index, int Accepted, int Duplicates, int Attempts, TimeSpan AckLatency,
        TimeSpan SinceFirstSend, long AckedAtTimestamp, Uri AckedBy);

    public sealed class Report
    {
        public required BatchOutcome[] Batches { get; init; }
        public required TimeSpan Elapsed { get; init; }
        public required int Unavailable { get; init; }          // 503 answers
        public required int RetryAfterMissing { get; init; }    // 503 answers without Retry-After
        public required int Failures { get; init; }             // refused, reset, timed out
        public int Accepted => Batches.Sum(b => b.Accepted);
        public int Duplicates => Batches.Sum(b => b.Duplicates);

        public double Percentile(double p)
        {
            var sorted = Batches.Select(b => b.AckLatency.TotalMilliseconds).Order().ToArray();
            return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    /// <summary>Posts every batch (<paramref name="concurrency"/> in flight) until each is acknowledged.
    /// <paramref name="onAcked"/> sees each acknowledgement as it happens (e.g. to kill a process at some point).</summary>
    public async Task<Report> RunAsync(IReadOnlyList<byte[]> batches, int concurrency, Action<BatchOutcome>? onAcked = null,
        TimeSpan? giveUpAfter = null, CancellationToken cancellationToken = default)
    {
        var outcomes = new BatchOutcome?[batches.Count];
        int next = -1, unavailable = 0, retryAfterMissing = 0, failures = 0;
        var started = Stopwatch.StartNew();
        var deadline = giveUpAfter ?? TimeSpan.FromMinutes(5);
        var errors = new ConcurrentQueue<string>();

        async Task Worker()
        {
            while (true)
            {
                int index = Interlocked.Increment(ref next);
                if (index >= batches.Count) return;
                var body = batches[index];
                long firstSend = Stopwatch.GetTimestamp();
                for (int attempt = 1; ; attempt++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (started.Elapsed > deadline)
                        throw new TimeoutException($"Batch {index} not acknowledged after {attempt - 1} attempts in {deadline}; last errors: "
                            + string.Join(" | ", errors.TakeLast(5)));
                    var api = _apis[(index + attempt - 1) % _apis.Count];
                    long sent = Stopwatch.GetTimestamp();
                    try
                    {
                        using var content = new ByteArrayContent(body);
                        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api, "/api/v1/events")) { Content = content };
                        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
                        using var response = await _http.SendAsync(request, cancellationToken);
                        if (response.StatusCode == HttpStatusCode.Accepted)
                        {
                            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                            long now = Stopwatch.GetTimestamp();
                            var outcome = new BatchOutcome(index, json.RootElement.GetProperty("accepted").GetInt32(),
                                json.RootElement.GetProperty("duplicates").GetInt32(), attempt,
                                Stopwatch.GetElapsedTime(sent, now), Stopwatch.GetElapsedTime(firstSend, now), now, api);
                            outcomes[index] = outcome;
                            onAcked?.Invoke(outcome);
                            break;
                        }
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                        {
                            Interlocked.Increment(ref unavailable);
                            var retryAfter = response.Headers.RetryAfter?.Delta;
                            if (retryAfter is null) Interlocked.Increment(ref retryAfterMissing);
                            // Honour Retry-After, but a producer with two nodes tries the other one sooner.
                            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(retryAfter?.TotalMilliseconds ?? 1000, 500)), cancellationToken);
                            continue;
                        }
                        var text = await response.Content.ReadAsStringAsync(cancellationToken);
                        throw new InvalidOperationException($"Batch {index}: {(int)response.StatusCode} from {api}: {text[..Math.Min(text.Length, 400)]}");
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException
                                                   && !cancellationToken.IsCancellationRequested)
                    {
                        // Not acknowledged: maybe journaled, maybe not. The same bytes again are safe either way.
                        Interlocked.Increment(ref failures);
                        errors.Enqueue($"{api}: {ex.GetType().Name}: {ex.Message}");
                        await Task.Delay(100, cancellationToken);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker, cancellationToken)));
        return new Report
        {
            Batches = [.. outcomes.Select(o => o!)],
            Elapsed = started.Elapsed,
            Unavailable = unavailable,
            RetryAfterMissing = retryAfterMissing,
            Failures = failures,
        };
    }

    public void Dispose() => _http.Dispose();
}
