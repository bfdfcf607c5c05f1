using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmActors.Abstractions.Changes;
using Npgsql;

namespace CrmActors.Durability.Tests.Support.Harness;

/// <summary>After a run: every acknowledged event applied exactly once and nothing else — every customer read through the
/// API equals the pure library over the acknowledged events, customers named only by refused content are never seen,
/// no acknowledged event was set aside as a dead letter, and (PostgreSQL) the journal holds exactly the acknowledged
/// (producer, id) pairs with the acknowledged content.</summary>
public static class FinalState
{
    /// <summary>Differences between the customers as read and the oracle, plus any refused-only customer that reads.
    /// With <paramref name="waitUntilEqual"/> the comparison is repeated until equal (a read may lag the journal's
    /// delivery: the embedded default has no delivery position to wait for from outside) or the time is up.</summary>
    public static async Task<List<string>> CustomersAsync(ClusterReader reader, IReadOnlyCollection<CustomerChange> acknowledged,
        IEnumerable<string> ghosts, TimeSpan waitUntilEqual = default)
    {
        var expected = Oracle.Expected(acknowledged);
        var deadline = Stopwatch.StartNew();
        List<string> differences;
        while (true)
        {
            differences = await reader.DifferencesAsync(expected);
            if (differences.Count == 0 || deadline.Elapsed >= waitUntilEqual) break;
            await Task.Delay(500);
        }
        var seen = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(ghosts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (ghost, _) =>
        {
            if (await reader.CustomerAsync(ghost) is { } standing)
                seen.Add($"{JsonText.Str(ghost)}: named only by refused or unacknowledged content, yet reads as {standing}");
        });
        differences.AddRange(seen.Order(StringComparer.Ordinal));
        return differences;
    }

    /// <summary>The journal against the acknowledged set: each acknowledged (producer, id) journaled exactly once, its
    /// registered content hash the acknowledged content's, nothing else journaled or registered.</summary>
    public static async Task<List<string>> JournalAsync(string connectionString, IReadOnlyCollection<CustomerChange> acknowledged)
    {
        var expected = acknowledged.ToDictionary(c => (c.Producer, c.ChangeId), c => Convert.ToHexString(ChangeCodec.Hash(c)));
        var problems = new List<string>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        var journaled = new Dictionary<(string, string), long>();
        await using (var command = new NpgsqlCommand("SELECT producer, event_id, count(*) FROM crm_journal GROUP BY producer, event_id", connection))
        await using (var r = await command.ExecuteReaderAsync())
            while (await r.ReadAsync()) journaled[(r.GetString(0), r.GetString(1))] = r.GetInt64(2);
        var registered = new Dictionary<(string, string), string>();
        await using (var command = new NpgsqlCommand("SELECT producer, event_id, content_hash FROM crm_event_ids", connection))
        await using (var r = await command.ExecuteReaderAsync())
            while (await r.ReadAsync()) registered[(r.GetString(0), r.GetString(1))] = Convert.ToHexString(r.GetFieldValue<byte[]>(2));

        foreach (var (key, hash) in expected)
        {
            if (!journaled.TryGetValue(key, out var rows)) problems.Add($"acknowledged but not journaled: {Show(key)}");
            else if (rows != 1) problems.Add($"journaled {rows} times: {Show(key)}");
            if (!registered.TryGetValue(key, out var stored)) problems.Add($"acknowledged but not in crm_event_ids: {Show(key)}");
            else if (stored != hash) problems.Add($"registered with other content than acknowledged: {Show(key)}");
        }
        foreach (var key in journaled.Keys.Where(k => !expected.ContainsKey(k))) problems.Add($"journaled but never acknowledged: {Show(key)}");
        foreach (var key in registered.Keys.Where(k => !expected.ContainsKey(k))) problems.Add($"in crm_event_ids but never acknowledged: {Show(key)}");
        return problems;
    }

    /// <summary>How many changes the customers set aside (GET /api/v1/admin/dead-letters, as admin).</summary>
    public static async Task<long> DeadLettersAsync(Uri api)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var token = await http.PostAsJsonAsync(new Uri(api, "/api/v1/auth/token"), new { username = "admin", password = "demo" });
        token.EnsureSuccessStatusCode();
        using var tokenJson = JsonDocument.Parse(await token.Content.ReadAsStringAsync());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(api, "/api/v1/admin/dead-letters?limit=10"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokenJson.RootElement.GetProperty("accessToken").GetString());
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("total").GetInt64();
    }

    private static string Show((string Producer, string Id) key) =>
        $"({key.Producer}, {JsonText.Str(key.Id.Length > 100 ? key.Id[..100] + "…" : key.Id)})";
}
