using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace CrmActors.Durability.Tests.Support.Harness;

/// <summary>Sends a <see cref="Plan"/>: one task per lane (a producer posting its batches one after another), each batch
/// retried with the same bytes until it gets a definite answer (anything but a refused or cut connection, a timeout or a
/// 503), and every definite answer checked against what the contract says. Lanes advance window by window when the
/// driver opens the next one, so a fault can be injected while a window's batches are in flight. The first answer
/// that breaks the contract stops every lane.</summary>
public sealed class Runner : IDisposable
{
    public const string OtherKey = "other-ingest-key";

    /// <summary>Process arguments that add the second producer's API key (the demo key is producer "demo").</summary>
    public const string OtherProducerArgs = $"--Auth:IngestApiKeys:0:Producer {Generator.Other} --Auth:IngestApiKeys:0:Key {OtherKey}";

    private static readonly Dictionary<string, string> Keys = new() { [Generator.Demo] = Producer.ApiKey, [Generator.Other] = OtherKey };

    private readonly IReadOnlyList<Uri> _apis;
    private readonly Plan _plan;
    private readonly string _mode;
    private readonly HttpClient _http;
    private readonly TaskCompletionSource[] _open;
    private readonly TaskCompletionSource[] _done;
    private readonly int[] _lanesInWindow;
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public Runner(IReadOnlyList<Uri> apis, Plan plan, string mode)
    {
        _apis = apis;
        _plan = plan;
        _mode = mode;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
        { Timeout = TimeSpan.FromSeconds(60) };
        _open = [.. Enumerable.Range(0, Plan.Windows).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        _done = [.. Enumerable.Range(0, Plan.Windows).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
        _lanesInWindow = [.. Enumerable.Repeat(plan.Lanes.Count, Plan.Windows)];
    }

    private readonly ConcurrentDictionary<(Uri Api, int Window), TaskCompletionSource> _bigSent = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _bigAcknowledged = new();

    /// <summary>Completes when a big batch of <paramref name="window"/> has been sent to <paramref name="api"/> (its
    /// request is in flight): the moment to kill that node mid-batch.</summary>
    public Task BigBatchSent(Uri api, int window) => Signal(_bigSent, (api, window)).Task;

    /// <summary>Completes when a big batch of <paramref name="window"/> has been acknowledged: its events are being
    /// delivered.</summary>
    public Task BigBatchAcknowledged(int window) => Signal(_bigAcknowledged, window).Task;

    private static TaskCompletionSource Signal<TKey>(ConcurrentDictionary<TKey, TaskCompletionSource> signals, TKey key) where TKey : notnull =>
        signals.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public IReadOnlyCollection<string> Failures => _failures;
    public bool Failed => !_failures.IsEmpty;

    /// <summary>How the run went: answers by status, retries, 503s, cut requests, batches acknowledged by a retry as
    /// duplicates of a lost attempt.</summary>
    public string Counts() => string.Join(", ", _counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    public int Count(string what) => _counts.GetValueOrDefault(what);

    private void Add(string what, int n = 1) => _counts.AddOrUpdate(what, n, (_, v) => v + n);

    public void Open(int window) => _open[window].TrySetResult();

    public void OpenAll()
    {
        for (int w = 0; w < Plan.Windows; w++) Open(w);
    }

    /// <summary>Completes when every lane has had every batch of <paramref name="window"/> answered (or the run stopped).</summary>
    public Task Done(int window) => _done[window].Task;

    public Task RunAsync() => Task.WhenAll(_plan.Lanes.Select((batches, lane) => Task.Run(() => LaneAsync(lane, batches))));

    private async Task LaneAsync(int lane, IReadOnlyList<Batch> batches)
    {
        int window = -1;
        try
        {
            foreach (var batch in batches)
            {
                while (window < batch.Window)
                {
                    if (window >= 0) LeaveWindow(window);
                    window++;
                    await _open[window].Task.WaitAsync(_abort.Token);
                }
                await SendAsync(batch);
                if (_abort.IsCancellationRequested) return;
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested) { }
        catch (Exception ex)
        {
            Fail($"lane {lane} stopped: {ex}");
        }
        finally
        {
            for (int w = Math.Max(window, 0); w < Plan.Windows; w++) LeaveWindow(w);
        }
    }

    private void LeaveWindow(int window)
    {
        if (Interlocked.Decrement(ref _lanesInWindow[window]) == 0) _done[window].TrySetResult();
    }

    /// <summary>Stops every lane (e.g. the fault driver failed): the run fails with <paramref name="reason"/>.</summary>
    public void Abort(string reason) => Fail(reason);

    private void Fail(string message)
    {
        _failures.Enqueue($"[{_mode}, seed {_plan.Seed}] {message}");
        _abort.Cancel();
        foreach (var d in _done) d.TrySetResult();
        foreach (var signal in _bigSent.Values.Concat(_bigAcknowledged.Values)) signal.TrySetResult();
    }

    private async Task<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> PostAsync(Uri api, string producer, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(api, "/api/v1/events")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", Keys[producer]);
        using var response = await _http.SendAsync(request, _abort.Token);
        var body = await response.Content.ReadAsStringAsync(_abort.Token);
        return (response.StatusCode, body, response.Headers.RetryAfter?.Delta);
    }

    private async Task SendAsync(Batch batch)
    {
        var started = Stopwatch.StartNew();
        bool lostAttempt = false, unavailable = false;
        for (int attempt = 1; ; attempt++)
        {
            if (_abort.IsCancellationRequested) return;
            if (started.Elapsed > TimeSpan.FromMinutes(4))
            {
                Fail($"{batch}: no definite answer after {attempt - 1} attempts in 4 minutes");
                return;
            }
            if (attempt > 1) Add("retries");
            // Batches go round the nodes, each retry to the next; a big batch starts at node 1 in even lanes, so a kill of
            // node 1 as a window opens finds one in flight.
            var api = _apis[((batch.Kind == "big" ? batch.Lane % 2 : batch.Lane + batch.Index) + attempt - 1) % _apis.Count];
            (HttpStatusCode Status, string Body, TimeSpan? RetryAfter) answer;
            try
            {
                var sending = PostAsync(api, batch.Producer, batch.Bytes);
                if (batch.Kind == "big") Signal(_bigSent, (api, batch.Window)).TrySetResult();
                answer = await sending;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !_abort.IsCancellationRequested)
            {
                // Refused, reset or timed out: maybe journaled, maybe not. The same bytes again are safe either way.
                bool refused = ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };
                lostAttempt |= !refused;
                Add(refused ? "requests refused (node down)" : "requests cut in flight");
                await Task.Delay(100);
                continue;
            }
            if (answer.Status == HttpStatusCode.ServiceUnavailable)
            {
                unavailable = true;
                Add("503 answers");
                if (answer.RetryAfter is null) { Fail($"{batch}: 503 without Retry-After from {api}"); return; }
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(answer.RetryAfter.Value.TotalMilliseconds, 500)));
                continue;
            }
            Add($"answered {(int)answer.Status}");
            if (batch.Kind == "big" && answer.Status == HttpStatusCode.Accepted) Signal(_bigAcknowledged, batch.Window).TrySetResult();
            if (Check(batch, answer.Status, answer.Body, lostAttempt || unavailable, unavailable && !lostAttempt) is { } problem)
                Fail($"{batch}, attempt {attempt} at {api}: {problem}");
            return;
        }
    }

    /// <summary>Null when <paramref name="status"/> and <paramref name="body"/> are what the contract says; else why not.</summary>
    private string? Check(Batch batch, HttpStatusCode status, string body, bool ambiguous, bool only503Before)
    {
        string Got() => $"got {(int)status} {Cut(body, 1_500)}";
        JsonElement root;
        try { root = JsonDocument.Parse(body).RootElement; }
        catch (JsonException) { return $"expected {Describe(batch.Expected)}, {Got()} (not JSON)"; }

        switch (batch.Expected)
        {
            case Expectation.Accepted a:
            {
                if (status != HttpStatusCode.Accepted) return $"expected 202 ({a.New}, {a.Duplicates}), {Got()}\n{Items(batch, [])}";
                int accepted = root.GetProperty("accepted").GetInt32(), duplicates = root.GetProperty("duplicates").GetInt32();
                if (accepted == a.New && duplicates == a.Duplicates) return null;
                if (ambiguous && accepted == 0 && duplicates == a.New + a.Duplicates)
                {
                    // A lost attempt had journaled the whole batch: the retry finds every event a duplicate.
                    Add("batches acknowledged by a retry as duplicates of a lost attempt");
                    if (only503Before) Add("batches journaled although answered 503 (commit raced the outage)");
                    return null;
                }
                return $"expected 202 with accepted {a.New}, duplicates {a.Duplicates}{(ambiguous ? $" (or 0, {a.New + a.Duplicates} after a lost attempt)" : "")}, {Got()}";
            }
            case Expectation.Invalid inv:
            {
                if (status != HttpStatusCode.BadRequest) return $"expected 400 naming items {string.Join(",", inv.Errors.Keys.Order())}, {Got()}\n{Items(batch, inv.Errors.Keys)}";
                var named = new Dictionary<int, List<(string Field, string? EventId, string Message)>>();
                foreach (var e in root.GetProperty("errors").EnumerateArray())
                {
                    int index = e.GetProperty("index").GetInt32();
                    var id = e.GetProperty("eventId");
                    (named.TryGetValue(index, out var list) ? list : named[index] = []).Add((e.GetProperty("field").GetString()!,
                        id.ValueKind == JsonValueKind.Null ? null : id.GetString(), e.GetProperty("message").GetString() ?? ""));
                }
                var wrong = named.Keys.ToHashSet();
                wrong.SymmetricExceptWith(inv.Errors.Keys);
                foreach (var (index, (field, eventId)) in inv.Errors)
                {
                    if (!named.TryGetValue(index, out var errors)) continue;
                    if (errors.Count != 1 || errors[0].Field != field || errors[0].EventId != eventId || string.IsNullOrWhiteSpace(errors[0].Message))
                        wrong.Add(index);
                }
                if (wrong.Count == 0) return null;
                var detail = string.Join("\n", wrong.Order().Select(i =>
                    $"  item {i}: expected {(inv.Errors.TryGetValue(i, out var x) ? $"one error on '{x.Field}' echoing eventId {Show(x.EventId)}" : "no error")}, " +
                    $"got {(named.TryGetValue(i, out var got) ? string.Join("; ", got.Select(g => $"'{g.Field}' eventId {Show(g.EventId)}: {g.Message}")) : "none")}"));
                return $"400 does not name exactly the invalid items:\n{detail}\n{Items(batch, wrong)}";
            }
            case Expectation.Body b:
            {
                if ((int)status != b.Status) return $"expected {b.Status} about the body ({b.Field}), {Got()}";
                var errors = root.GetProperty("errors").EnumerateArray().ToList();
                if (errors.Count != 1 || errors[0].GetProperty("index").GetInt32() != -1 || errors[0].GetProperty("field").GetString() != b.Field)
                    return $"expected one error at index -1 on '{b.Field}', {Got()}";
                return null;
            }
            case Expectation.Conflict c:
            {
                if (status != HttpStatusCode.Conflict) return $"expected 409 on items {string.Join(",", c.Conflicting.Order())}, {Got()}\n{Items(batch, c.Conflicting)}";
                var named = new HashSet<int>();
                foreach (var e in root.GetProperty("errors").EnumerateArray())
                {
                    int index = e.GetProperty("index").GetInt32();
                    named.Add(index);
                    if (index < 0 || index >= batch.Items.Count || e.GetProperty("eventId").GetString() != batch.Items[index].Change!.ChangeId
                        || e.GetProperty("field").GetString() != "eventId")
                        return $"409 names item {index} wrongly: {Got()}";
                }
                if (named.Count == 0 || !named.IsSubsetOf(c.Conflicting) || (c.Exact is not null && !named.SetEquals(c.Exact))
                    || c.EachNamed.Any(g => !g.Overlaps(named)))
                    return $"409 should name {(c.Exact is not null ? "exactly" : "some of")} items {string.Join(",", (c.Exact ?? c.Conflicting).Order())}" +
                           $"{(c.EachNamed.Count > 0 ? " (each conflicting id at least once)" : "")}, named {string.Join(",", named.Order())}\n{Items(batch, c.Conflicting.Union(named))}";
                return null;
            }
            default:
                return $"unexpected expectation {batch.Expected}";
        }
    }

    /// <summary>While the database is down: each probe once; the contract says 503 with Retry-After (nothing applied).
    /// Never retried, so the final check proves none of them was applied.</summary>
    public async Task SendProbesAsync()
    {
        foreach (var probe in _plan.Probes)
        {
            var api = _apis[probe.Index % _apis.Count];
            try
            {
                var answer = await PostAsync(api, probe.Producer, probe.Bytes);
                Add($"probes answered {(int)answer.Status}");
                if (answer.Status != HttpStatusCode.ServiceUnavailable || answer.RetryAfter is null)
                    Fail($"{probe} sent while the database was down: expected 503 with Retry-After, got {(int)answer.Status} " +
                         $"(Retry-After {answer.RetryAfter?.ToString() ?? "none"}) {Cut(answer.Body, 500)}");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                Fail($"{probe} sent while the database was down: no answer from {api} ({ex.Message})");
            }
        }
    }

    private static string Describe(Expectation e) => e switch
    {
        Expectation.Accepted a => $"202 ({a.New}, {a.Duplicates})",
        Expectation.Invalid i => $"400 on items {string.Join(",", i.Errors.Keys.Order())}",
        Expectation.Body b => $"{b.Status} on the body",
        Expectation.Conflict c => $"409 on items {string.Join(",", c.Conflicting.Order())}",
        _ => e.ToString(),
    };

    /// <summary>The items a failure is about (the minimal case), or the first few.</summary>
    private static string Items(Batch batch, IEnumerable<int> indexes)
    {
        var list = indexes.Where(i => i >= 0 && i < batch.Items.Count).Order().Take(10).ToList();
        if (list.Count == 0) list = [.. Enumerable.Range(0, Math.Min(5, batch.Items.Count))];
        return string.Join("\n", list.Select(i => $"  [{i}] {batch.Items[i].Describe()}"));
    }

    private static string Show(string? s) => s is null ? "null" : JsonText.Str(Cut(s, 80));

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max] + $"…({s.Length} chars)";

    public void Dispose()
    {
        _abort.Cancel();
        _http.Dispose();
        _abort.Dispose();
    }
}
