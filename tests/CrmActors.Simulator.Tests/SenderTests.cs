using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CrmActors.Simulator.Sending;

namespace CrmActors.Simulator.Tests;

/// <summary>The sender against a scripted engine: batching, pacing, what is retried and how.</summary>
public sealed class SenderTests
{
    private static List<byte[]> Lines(int n) =>
        Enumerable.Range(0, n).Select(i => Encoding.UTF8.GetBytes($"{{\"eventId\":\"e{i}\"}}")).ToList();

    /// <summary>Answers each request with what <c>answer</c> says; counts the events of a 202 from the body.</summary>
    private sealed class ScriptedEngine(Func<int, HttpStatusCode> answer) : HttpMessageHandler
    {
        private int _requests;
        public List<(int Request, string Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            int n = Interlocked.Increment(ref _requests);
            string body = await request.Content!.ReadAsStringAsync(ct);
            lock (Seen) Seen.Add((n, body));
            var status = answer(n);
            if (status == (HttpStatusCode)599) throw new HttpRequestException("connection refused (scripted)");
            var response = new HttpResponseMessage(status);
            if (status == HttpStatusCode.Accepted)
            {
                int events = JsonDocument.Parse(body).RootElement.GetProperty("events").GetArrayLength();
                response.Content = new StringContent($"{{\"accepted\":{events},\"duplicates\":0}}");
            }
            else if (status == HttpStatusCode.ServiceUnavailable)
            {
                response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            }
            else
            {
                response.Content = new StringContent("{\"errors\":[]}");
            }
            return response;
        }
    }

    private static async Task<(SendReport Report, ScriptedEngine Engine)> Send(
        int events, Func<int, HttpStatusCode> answer, SendOptions? options = null)
    {
        var engine = new ScriptedEngine(answer);
        using var http = new HttpClient(engine) { BaseAddress = new Uri("http://engine.test/") };
        var report = await new Sender(http, options ?? new SendOptions { BatchSize = 100, Concurrency = 2 })
            .SendAsync(Lines(events), new SendProgress(events));
        return (report, engine);
    }

    [Fact]
    public async Task Events_go_out_in_batches_of_the_configured_size_as_the_contract_body()
    {
        var (report, engine) = await Send(250, _ => HttpStatusCode.Accepted);
        Assert.Equal(3, engine.Seen.Count);
        var sizes = engine.Seen.Select(s => JsonDocument.Parse(s.Body).RootElement.GetProperty("events").GetArrayLength()).Order();
        Assert.Equal(new[] { 50, 100, 100 }, sizes);
        Assert.Equal(250, report.Sent);
        Assert.Equal(250, report.Accepted);
        Assert.Equal(3, report.Batches);
        Assert.Equal(0, report.Retries);
        Assert.True(report.Succeeded);
        Assert.Equal(3, report.AckLatencyMs.Count);
    }

    [Fact]
    public async Task A_503_is_retried_after_Retry_After_with_the_same_bytes()
    {
        var watch = Stopwatch.StartNew();
        var (report, engine) = await Send(100, n => n == 1 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.Accepted);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {watch.Elapsed.TotalMilliseconds:N0} ms, Retry-After said 1 s");
        Assert.Equal(2, engine.Seen.Count);
        Assert.Equal(engine.Seen[0].Body, engine.Seen[1].Body);
        Assert.Equal(1, report.Retries);
        Assert.Equal(100, report.Accepted);
        Assert.True(report.Succeeded);
    }

    [Fact]
    public async Task Connection_errors_are_retried_with_backoff_until_the_limit()
    {
        var options = new SendOptions
        {
            BatchSize = 100, Concurrency = 1,
            Retry = new RetryPolicy { MaxRetries = 3, BaseDelay = TimeSpan.FromMilliseconds(10) },
        };
        var (recovered, _) = await Send(100, n => n <= 2 ? (HttpStatusCode)599 : HttpStatusCode.Accepted, options);
        Assert.Equal(2, recovered.Retries);
        Assert.True(recovered.Succeeded);

        var (gaveUp, engine) = await Send(100, _ => (HttpStatusCode)599, options);
        Assert.Equal(4, engine.Seen.Count); // the attempt and three retries
        Assert.Equal(100, gaveUp.FailedEvents);
        Assert.False(gaveUp.Succeeded);
        Assert.Contains(gaveUp.Errors, e => e.Contains("gave up after 4 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_batch_is_not_retried_and_is_reported()
    {
        var (report, engine) = await Send(300, n => n == 2 ? HttpStatusCode.BadRequest : HttpStatusCode.Accepted,
            new SendOptions { BatchSize = 100, Concurrency = 1 });
        Assert.Equal(3, engine.Seen.Count);
        Assert.Equal(200, report.Accepted);
        Assert.Equal(100, report.FailedEvents);
        Assert.Equal(1, report.FailedBatches);
        Assert.Contains(report.Errors, e => e.StartsWith("400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fixed_rate_spreads_the_batches_over_time()
    {
        var watch = Stopwatch.StartNew();
        var (report, _) = await Send(1_000, _ => HttpStatusCode.Accepted,
            new SendOptions { BatchSize = 100, Concurrency = 4, Rate = 2_000 });
        // Ten batches at 2,000 events/s: the last leaves 0.45 s after the first.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.44), $"took {watch.Elapsed.TotalMilliseconds:N0} ms");
        Assert.Equal(1_000, report.Accepted);
        Assert.InRange(report.EventsPerSecond, 200, 2_300); // at most 1,000 events in 0.45 s
    }

    [Fact]
    public void Retry_delays_grow_exponentially_within_the_cap_and_follow_Retry_After()
    {
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(1) };
        var now = DateTimeOffset.UtcNow;
        Assert.InRange(policy.Delay(1, null, now).TotalMilliseconds, 50, 100);
        Assert.InRange(policy.Delay(3, null, now).TotalMilliseconds, 200, 400);
        Assert.InRange(policy.Delay(10, null, now).TotalMilliseconds, 500, 1_000);
        Assert.Equal(TimeSpan.FromSeconds(7), policy.Delay(1, new(TimeSpan.FromSeconds(7)), now));
        Assert.InRange(policy.Delay(1, new(now.AddSeconds(3)), now).TotalSeconds, 2.9, 3.1);
    }
}
