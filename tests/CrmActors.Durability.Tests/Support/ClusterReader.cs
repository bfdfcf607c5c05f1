using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace CrmActors.Durability.Tests.Support;

/// <summary>Reads what the cluster holds: every customer through the public API (as staff, admin), and the journal's
/// delivery progress and the membership straight from PostgreSQL.</summary>
public sealed class ClusterReader(IReadOnlyList<Uri> apis, string connectionString) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly Lock _tokenGate = new();
    private Task<string>? _token;

    /// <summary>One sign-in shared by every concurrent read (sign-ins are rate-limited per user name); again only
    /// after a failed one.</summary>
    private Task<string> TokenAsync()
    {
        lock (_tokenGate)
        {
            if (_token is null || _token.IsFaulted || _token.IsCanceled) _token = SignInAsync();
            return _token;
        }
    }

    private async Task<string> SignInAsync()
    {
        using var response = await _http.PostAsJsonAsync(new Uri(apis[0], "/api/v1/auth/token"), new { username = "admin", password = "demo" });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    /// <summary>One customer as the API shows it; null for 404 (never seen).</summary>
    public async Task<Standing?> CustomerAsync(string customerId, int api = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apis[api % apis.Count], $"/api/v1/customers/{Uri.EscapeDataString(customerId)}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        using var response = await _http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        var b = root.GetProperty("breakdown");
        string[] names = ["shortTermAssets", "longTermAssets", "mortgage", "otherLoans", "cardOverdraft", "investment", "cardSpending", "settlement"];
        return new Standing(root.GetProperty("points").GetDecimal(), root.GetProperty("contributionStar").GetString()!,
            root.GetProperty("serviceStar").GetString()!, [.. names.Select(n => b.GetProperty(n).GetDecimal())]);
    }

    /// <summary>Every customer of <paramref name="expected"/> read through the API nodes in turn, compared with the
    /// oracle; returns the differences (empty: all equal).</summary>
    public async Task<List<string>> DifferencesAsync(IReadOnlyDictionary<string, Standing> expected, int parallelism = 16)
    {
        var differences = new ConcurrentBag<string>();
        int i = 0;
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (pair, _) =>
        {
            var actual = await CustomerAsync(pair.Key, Interlocked.Increment(ref i));
            if (actual is null) differences.Add($"{pair.Key}: not found; expected {pair.Value}");
            else if (!actual.SameAs(pair.Value)) differences.Add($"{pair.Key}: {actual}; expected {pair.Value}");
        });
        return [.. differences.Order(StringComparer.Ordinal)];
    }

    /// <summary>Journaled events that some queue's dispatcher has not yet delivered (checkpoint behind them).</summary>
    public Task<long> UndeliveredAsync() => Journal.UndeliveredAsync(connectionString);

    public void Dispose() => _http.Dispose();
}

/// <summary>Queries on the journal and the membership table of one schema.</summary>
public static class Journal
{
    public static async Task<long> UndeliveredAsync(string connectionString) =>
        await SharedPostgres.ScalarAsync<long>(connectionString,
            "SELECT count(*) FROM crm_journal j LEFT JOIN crm_journal_checkpoint c ON c.queue = j.queue " +
            "WHERE c.queue IS NULL OR (j.txid, j.ord) > (c.txid, c.ord)");

    public static async Task<(long Rows, long DistinctIds)> CountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT event_id) FROM crm_journal", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>(silo port, status) of the newest generation of each silo endpoint in the membership table.</summary>
    public static async Task<Dictionary<int, int>> MembershipAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT ON (port) port, status FROM orleans_membership ORDER BY port, generation DESC", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var members = new Dictionary<int, int>();
        while (await reader.ReadAsync()) members[reader.GetInt32(0)] = reader.GetInt32(1);
        return members;
    }

    public const int Active = 3;
    public const int Dead = 6;
}
