using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrmActors.Durability.Tests.Support;
using Xunit.Abstractions;

namespace CrmActors.Durability.Tests;

/// <summary>Issue "Every acknowledgement kept", staff commands: a manual star is journaled before its 200, so it — and
/// its audit entry in the paged history — survives kill -9 of the silo or of the API node right after the answer.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class StaffCommandTests(DurabilityFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_manual_star_survives_kill_9_of_the_silo_and_of_the_api_node_right_after_its_200()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var cluster = await LocalCluster.StartAsync(cs, silos: 1, apis: 1);
        try
        {
            var customer = $"sc-{Guid.NewGuid():N}"[..16];
            var now = DateTimeOffset.UtcNow;
            using var producer = new Producer(cluster.ApiUris);
            await producer.RunAsync([EventStream.Json([
                new Abstractions.Changes.ProfileEvent { CustomerId = customer, Producer = EventStream.Producer, ChangeId = $"{customer}-p",
                    OccurredAt = now.AddDays(-1), HomeBranchId = "B001", ManagerId = "M001" },
                new Abstractions.Changes.FeeBusinessEvent { CustomerId = customer, Producer = EventStream.Producer, ChangeId = $"{customer}-f",
                    OccurredAt = now.AddDays(-1), Business = Scoring.FeeBusinessType.CardSpending, Amount = 2_000m }])], concurrency: 1);
            await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(1));
            using var http = await SignedIn(cluster.Api(1), "rm-m001");

            // Set, answered 200, then the silo dies at once: the setting lived nowhere but the journal until the next snapshot.
            var set = await http.PostAsync($"/api/v1/customers/{customer}/manual-star",
                new StringContent("""{"star":"6","reason":"family of a private-banking client"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            await cluster.Kill9Async("silo", 1);
            await cluster.RestartAsync("silo", 1);
            await Delivery.ApisReadyAsync(cluster.ApiUris, TimeSpan.FromMinutes(2));

            var afterSiloKill = await Read(http, customer);
            Assert.Equal(("6", "manual"), (afterSiloKill.GetProperty("serviceStar").GetString(), afterSiloKill.GetProperty("serviceStarCause").GetString()));
            var history = await History(http, customer);
            Assert.Contains(history, c => c.NewStar == "6" && c.ChangedBy == "rm-m001");

            // Cleared, answered 200, then the API node dies at once.
            var cleared = await http.DeleteAsync($"/api/v1/customers/{customer}/manual-star");
            Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
            await cluster.Kill9Async("api", 1);
            await cluster.RestartAsync("api", 1);
            await Delivery.ApisReadyAsync(cluster.ApiUris, TimeSpan.FromMinutes(2));
            using var again = await SignedIn(cluster.Api(1), "rm-m001");

            var afterApiKill = await Read(again, customer);
            Assert.Equal("3", afterApiKill.GetProperty("serviceStar").GetString());
            Assert.Equal(JsonValueKind.Null, afterApiKill.GetProperty("manualStar").ValueKind);
            var full = await History(again, customer);
            Assert.Equal(["3", "6", "3"], full.Select(c => c.NewStar));
            Assert.Equal(Enumerable.Range(1, full.Count).Select(i => (long)i), full.Select(c => c.Seq));
        }
        catch
        {
            output.WriteLine(cluster.AllLogTails());
            throw;
        }
    }

    private sealed record Change(long Seq, string NewStar, string? ChangedBy);

    private static async Task<HttpClient> SignedIn(Uri api, string user)
    {
        var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = user, password = "demo" });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("accessToken").GetString());
        return http;
    }

    private static async Task<JsonElement> Read(HttpClient http, string customer)
    {
        using var response = await http.GetAsync($"/api/v1/customers/{customer}");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every change, following the pages.</summary>
    private static async Task<List<Change>> History(HttpClient http, string customer)
    {
        var changes = new List<Change>();
        long after = 0;
        while (true)
        {
            using var response = await http.GetAsync($"/api/v1/customers/{customer}/history?after={after}&limit=2");
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            foreach (var c in json.RootElement.GetProperty("changes").EnumerateArray())
                changes.Add(new Change(c.GetProperty("seq").GetInt64(), c.GetProperty("newStar").GetString()!,
                    c.TryGetProperty("changedBy", out var by) && by.ValueKind == JsonValueKind.String ? by.GetString() : null));
            if (json.RootElement.GetProperty("nextAfter") is { ValueKind: JsonValueKind.Number } next) after = next.GetInt64();
            else return changes;
        }
    }
}
