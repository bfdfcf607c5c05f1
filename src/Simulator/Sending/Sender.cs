using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;

namespace CrmActors.Simulator.Sending;

public sealed record SendOptions
{
    /// <summary>Events per <c>POST /api/v1/events</c> (the contract allows 1 to 10,000).</summary>
    public int BatchSize { get; init; } = 1_000;

    /// <summary>Target events per second; 0 sends as fast as the engine acknowledges.</summary>
    public double Rate { get; init; }

    /// <summary>Requests in flight at most.</summary>
    public int Concurrency { get; init; } = 8;

    public RetryPolicy Retry { get; init; } = new();

    public string Path { get; init; } = "api/v1/events";
}

/// <summary>Live counters of a send, read by the progress display while the send runs.</summary>
public sealed class SendProgress
{
    internal long _events, _sent, _accepted, _duplicates, _retries, _failedEvents, _failedBatches, _batches;
    private readonly Stopwatch _clock = new();

    public SendProgress(long? total) => Total = total;

    /// <summary>Events to send, when known before the send (a file or a bank: yes).</summary>
    public long? Total { get; }
    /// <summary>Events handed to the batches so far.</summary>
    public long Events => Interlocked.Read(ref _events);
    /// <summary>Events whose batch was sent at least once.</summary>
    public long Sent => Interlocked.Read(ref _sent);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Acknowledged => Accepted + Duplicates;
    public long Retries => Interlocked.Read(ref _retries);
    public long FailedEvents => Interlocked.Read(ref _failedEvents);
    public long FailedBatches => Interlocked.Read(ref _failedBatches);
    /// <summary>Events done, acknowledged or failed: the progress bar's value.</summary>
    public long Done => Acknowledged + FailedEvents;
    public LatencyStats Latency { get; } = new();
    public TimeSpan Elapsed => _clock.Elapsed;
    internal ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The report of what was done so far (the final report once the send has ended).</summary>
    public SendReport Report()
    {
        double seconds = Math.Max(Elapsed.TotalSeconds, 1e-9);
        return new SendReport(Sent, Accepted, Duplicates, Retries, FailedEvents, FailedBatches, Interlocked.Read(ref _batches),
            Elapsed, Acknowledged / seconds, Latency.Snapshot(), [.. Errors]);
    }

    internal void Start() => _clock.Start();

    internal void Stop() => _clock.Stop();
}

/// <summary>The final report of a send.</summary>
public sealed record SendReport(
    long Sent, long Accepted, long Duplicates, long Retries, long FailedEvents, long FailedBatches, long Batches,
    TimeSpan Elapsed, double EventsPerSecond, Percentiles AckLatencyMs, IReadOnlyList<string> Errors)
{
    public bool Succeeded => FailedEvents == 0;
}

/// <summary>Streams contract JSON lines to <c>POST /api/v1/events</c>: in batches, at a fixed rate or as fast as
/// possible, with bounded concurrency and retries. A batch's body is built once and the same bytes are sent on every
/// attempt, so a batch the engine applied but whose answer was lost comes back as duplicates, never twice.</summary>
public sealed class Sender(HttpClient http, SendOptions options)
{
    private sealed record Batch(byte[] Body, int Count, long EventsBefore);

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async Task<SendReport> SendAsync(IEnumerable<byte[]> lines, SendProgress progress, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (options.BatchSize is < 1 or > 10_000) throw new ArgumentOutOfRangeException(nameof(options), "Batches hold 1 to 10,000 events.");
        if (options.Concurrency < 1) throw new ArgumentOutOfRangeException(nameof(options), "Concurrency must be at least 1.");
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(options.Concurrency * 2)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        progress.Start();
        var producer = Task.Run(() => Produce(lines, channel.Writer, progress, cancellation), cancellation);
        var workers = Enumerable.Range(0, options.Concurrency)
            .Select(_ => Task.Run(() => Work(channel.Reader, progress, cancellation), cancellation)).ToArray();
        try
        {
            await producer;
        }
        catch
        {
            // The producer's error (an unreadable file, a cancellation) is the one to report, not the workers' echo.
            try { await Task.WhenAll(workers); } catch (Exception) { }
            progress.Stop();
            throw;
        }
        await Task.WhenAll(workers);
        progress.Stop();
        return progress.Report();
    }

    private async Task Produce(IEnumerable<byte[]> lines, ChannelWriter<Batch> writer, SendProgress progress, CancellationToken ct)
    {
        try
        {
            var body = new MemoryStream(options.BatchSize * 256);
            int count = 0;
            long before = 0;
            foreach (var line in lines)
            {
                if (count == 0) body.Write("{\"events\":["u8);
                else body.WriteByte((byte)',');
                body.Write(line);
                count++;
                if (count == options.BatchSize)
                {
                    await writer.WriteAsync(Close(body, count, before, progress), ct);
                    before += count;
                    count = 0;
                }
            }
            if (count > 0) await writer.WriteAsync(Close(body, count, before, progress), ct);
            writer.Complete();
        }
        catch (Exception ex)
        {
            writer.Complete(ex);
            throw;
        }
    }

    private static Batch Close(MemoryStream body, int count, long before, SendProgress progress)
    {
        body.Write("]}"u8);
        var batch = new Batch(body.ToArray(), count, before);
        body.SetLength(0);
        Interlocked.Add(ref progress._events, count);
        return batch;
    }

    private async Task Work(ChannelReader<Batch> reader, SendProgress progress, CancellationToken ct)
    {
        await foreach (var batch in reader.ReadAllAsync(ct))
        {
            if (options.Rate > 0)
            {
                // Fixed rate: batch k leaves when the events before it are due (start + events / rate).
                var due = TimeSpan.FromSeconds(batch.EventsBefore / options.Rate);
                var wait = due - progress.Elapsed;
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            }
            Interlocked.Add(ref progress._sent, batch.Count);
            Interlocked.Increment(ref progress._batches);
            await SendBatch(batch, progress, ct);
        }
    }

    private async Task SendBatch(Batch batch, SendProgress progress, CancellationToken ct)
    {
        for (int attempt = 0; ; attempt++)
        {
            RetryConditionHeaderValue? retryAfter = null;
            string failure;
            long started = Stopwatch.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, options.Path);
                request.Content = new ByteArrayContent(batch.Body);
                request.Content.Headers.ContentType = Json;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    progress.Latency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var (accepted, duplicates) = ParseAccepted(text);
                    Interlocked.Add(ref progress._accepted, accepted);
                    Interlocked.Add(ref progress._duplicates, duplicates);
                    if (accepted + duplicates != batch.Count)
                        Note(progress, $"a batch of {batch.Count} events was answered accepted {accepted} + duplicates {duplicates}");
                    return;
                }
                failure = $"{(int)response.StatusCode} {response.ReasonPhrase}: {Shorten(text)}";
                if (!RetryPolicy.IsTransient(response.StatusCode))
                {
                    Fail(batch, progress, failure);
                    return;
                }
                retryAfter = response.Headers.RetryAfter;
            }
            catch (Exception ex) when (RetryPolicy.IsTransient(ex, ct))
            {
                failure = $"{ex.GetType().Name}: {ex.Message}";
            }
            if (attempt >= options.Retry.MaxRetries)
            {
                Fail(batch, progress, $"gave up after {attempt + 1} attempts; last: {failure}");
                return;
            }
            Interlocked.Increment(ref progress._retries);
            await Task.Delay(options.Retry.Delay(attempt + 1, retryAfter, DateTimeOffset.UtcNow), ct);
        }
    }

    private static (long Accepted, long Duplicates) ParseAccepted(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            return (root.GetProperty("accepted").GetInt64(), root.GetProperty("duplicates").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return (0, 0);
        }
    }

    private static void Fail(Batch batch, SendProgress progress, string why)
    {
        Interlocked.Add(ref progress._failedEvents, batch.Count);
        Interlocked.Increment(ref progress._failedBatches);
        Note(progress, why);
    }

    private static void Note(SendProgress progress, string why)
    {
        if (progress.Errors.Count < 20) progress.Errors.Enqueue(why);
    }

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 300 ? text : text[..300] + "…";
    }

    /// <summary>The body of a batch exactly as <see cref="SendAsync"/> builds it (for tests and tools).</summary>
    public static byte[] BatchBody(IEnumerable<byte[]> lines)
    {
        var body = new MemoryStream();
        body.Write("{\"events\":["u8);
        bool first = true;
        foreach (var line in lines)
        {
            if (!first) body.WriteByte((byte)',');
            body.Write(line);
            first = false;
        }
        body.Write("]}"u8);
        return body.ToArray();
    }
}
