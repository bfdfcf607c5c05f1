using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmActors.Scoring;
using CrmActors.Simulator.Events;
using CrmActors.Simulator.Oracle;
using CrmActors.Simulator.Sending;

namespace CrmActors.Simulator.Verification;

/// <summary>One customer whose engine answer differs from the oracle.</summary>
public sealed record Mismatch(string CustomerId, string Field, string Expected, string Actual);

public sealed record VerifyReport(
    int Customers, int Matching, int Mismatching, IReadOnlyList<Mismatch> Details, int ClockSkewWarnings,
    TimeSpan Elapsed)
{
    public bool Succeeded => Mismatching == 0 && Customers > 0;
}

/// <summary>Live counters of a verify run.</summary>
public sealed class VerifyProgress(long total)
{
    internal long _checked, _mismatching;
    public long Total { get; } = total;
    public long Checked => Interlocked.Read(ref _checked);
    public long Mismatching => Interlocked.Read(ref _mismatching);
}

/// <summary>Checks a running engine against the oracle for every customer: <c>GET /api/v1/customers/{id}</c> (as a
/// staff member who may read all of them) against <see cref="StarOracle"/> on the customer's full event set, evaluated
/// at the instant the engine reports (<c>asOf</c>, the engine's now), so a run that crosses midnight compares like
/// with like. Compared: points (to two places, as displayed), contribution star, service star.</summary>
public sealed class Verifier(HttpClient http, int concurrency = 16, StarModelOptions? model = null, RetryPolicy? retry = null)
{
    public const int DefaultDetails = 20;
    /// <summary>An engine clock this far from the verifier's is reported (the oracle follows the engine's).</summary>
    public static readonly TimeSpan ClockSkewWarning = TimeSpan.FromMinutes(5);

    private readonly RetryPolicy _retry = retry ?? new RetryPolicy();

    /// <summary>Signs in at <c>POST /api/v1/auth/token</c> and sets the bearer token on <paramref name="client"/>.</summary>
    public static async Task SignInAsync(HttpClient client, string user, string password, CancellationToken ct = default)
    {
        using var response = await client.PostAsJsonAsync("api/v1/auth/token", new { username = user, password }, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Sign-in as '{user}' failed: {(int)response.StatusCode} {text}");
        using var doc = JsonDocument.Parse(text);
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", doc.RootElement.GetProperty("accessToken").GetString());
    }

    public async Task<VerifyReport> VerifyAsync(
        IReadOnlyList<(string CustomerId, Func<IReadOnlyList<SimEvent>> Events)> customers, VerifyProgress progress,
        int maxDetails = DefaultDetails, CancellationToken ct = default)
    {
        var started = DateTimeOffset.UtcNow;
        var mismatches = new ConcurrentBag<(int Order, Mismatch M)>();
        int matching = 0, mismatching = 0, skew = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, customers.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = ct },
            async (i, token) =>
            {
                var (id, events) = customers[i];
                var found = await CheckAsync(id, events, token);
                if (found.Skewed) Interlocked.Increment(ref skew);
                if (found.Mismatches.Count == 0) Interlocked.Increment(ref matching);
                else
                {
                    Interlocked.Increment(ref mismatching);
                    Interlocked.Increment(ref progress._mismatching);
                    foreach (var m in found.Mismatches) mismatches.Add((i, m));
                }
                Interlocked.Increment(ref progress._checked);
            });
        var details = mismatches.OrderBy(m => m.Order).ThenBy(m => m.M.Field, StringComparer.Ordinal)
            .Select(m => m.M).Take(maxDetails).ToList();
        return new VerifyReport(customers.Count, matching, mismatching, details, skew, DateTimeOffset.UtcNow - started);
    }

    private async Task<(List<Mismatch> Mismatches, bool Skewed)> CheckAsync(
        string customerId, Func<IReadOnlyList<SimEvent>> events, CancellationToken ct)
    {
        var found = new List<Mismatch>();
        var (status, json, error) = await GetAsync(customerId, ct);
        if (status != HttpStatusCode.OK)
        {
            found.Add(new Mismatch(customerId, "http", "200", error ?? ((int)status).ToString(CultureInfo.InvariantCulture)));
            return (found, false);
        }
        using (json)
        {
            var root = json!.RootElement;
            DateTimeOffset asOf = root.TryGetProperty("asOf", out var a) && a.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(a.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
                ? parsed
                : DateTimeOffset.UtcNow;
            bool skewed = (asOf - DateTimeOffset.UtcNow).Duration() > ClockSkewWarning;
            var expected = StarOracle.Evaluate(events(), asOf, model);

            decimal expectedPoints = StarOracle.Displayed(expected.Points);
            decimal? actualPoints = root.TryGetProperty("points", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetDecimal() : null;
            if (actualPoints != expectedPoints)
                found.Add(new Mismatch(customerId, "points", Show(expectedPoints), actualPoints is { } ap ? Show(ap) : "(missing)"));
            Compare(found, customerId, root, "contributionStar", expected.ContributionStar);
            Compare(found, customerId, root, "serviceStar", expected.ServiceStar);
            return (found, skewed);
        }
    }

    private static void Compare(List<Mismatch> found, string customerId, JsonElement root, string field, Star expected)
    {
        string? actual = root.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (actual != expected.ToWire()) found.Add(new Mismatch(customerId, field, expected.ToWire(), actual ?? "(missing)"));
    }

    private static string Show(decimal points) => points.ToString("0.00", CultureInfo.InvariantCulture);

    private async Task<(HttpStatusCode Status, JsonDocument? Json, string? Error)> GetAsync(string customerId, CancellationToken ct)
    {
        string path = "api/v1/customers/" + Uri.EscapeDataString(customerId);
        for (int attempt = 0; ; attempt++)
        {
            string failure;
            RetryConditionHeaderValue? retryAfter = null;
            try
            {
                using var response = await http.GetAsync(path, ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode == HttpStatusCode.OK) return (HttpStatusCode.OK, JsonDocument.Parse(text), null);
                failure = $"{(int)response.StatusCode} {text}".Trim();
                if (!RetryPolicy.IsTransient(response.StatusCode)) return (response.StatusCode, null, failure);
                retryAfter = response.Headers.RetryAfter;
            }
            catch (Exception ex) when (RetryPolicy.IsTransient(ex, ct))
            {
                failure = $"{ex.GetType().Name}: {ex.Message}";
            }
            if (attempt >= _retry.MaxRetries) return (HttpStatusCode.ServiceUnavailable, null, "gave up: " + failure);
            await Task.Delay(_retry.Delay(attempt + 1, retryAfter, DateTimeOffset.UtcNow), ct);
        }
    }
}
