using System.Net;
using System.Text.Json;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Rules;

/// <summary>Issue 12 through the real host (embedded default): the admin API of rule set versions (201/400/409/404/403,
/// audited), a proposed version computed live beside the active one in a customer read, and its impact from running
/// counts.</summary>
[Collection(ApiCollection.Name)]
public sealed class RuleSetApiTests(CrmApiFactory api)
{
    [Fact]
    public async Task A_proposed_version_is_computed_live_shows_its_impact_and_can_be_scheduled_then_deleted()
    {
        var admin = await api.AsStaff("admin");
        string version = $"v{Guid.NewGuid():N}"[..12];
        var proposed = await admin.PostJson("/api/v1/rule-sets", $$"""{ "version": "{{version}}", "rates": { "cardSpending": 800 } }""");
        try
        {
            Assert.Equal(HttpStatusCode.Created, proposed.Status);
            Assert.Equal("shadow", proposed.Json.Str("state"));
            Assert.Equal(800m, proposed.Json.GetProperty("rates").Dec("cardSpending"));
            Assert.Equal(135m, proposed.Json.GetProperty("rates").Dec("shortTermAssets"));   // left out: the active version's
            Assert.Equal(183, proposed.Json.GetProperty("windowDays").GetInt32());
            var audit = Assert.Single(proposed.Json.GetProperty("audit").EnumerateArray());
            Assert.Equal(("proposed", "admin"), (audit.Str("action"), audit.Str("by")));

            // 30,000 CNY of card spending: 1,200 points (4 stars) now, 2,400 (5 stars) under the proposal.
            var customer = Ev.NewId("rs");
            Assert.Equal(HttpStatusCode.Accepted,
                (await api.WithApiKey().PostEvents(Ev.Fee(customer, api.Clock.GetUtcNow().AddDays(-3), "cardSpending", 30_000m))).Status);
            await api.SettleAsync();
            var read = await admin.GetCustomer(customer);
            Assert.Equal((1_200m, "4"), (read.Json.Dec("points"), read.Json.Str("serviceStar")));
            var shadow = read.Json.GetProperty("shadow");
            Assert.Equal((version, 2_400m, "5"), (shadow.Str("version"), shadow.Dec("points"), shadow.Str("serviceStar")));

            var impact = await Eventually(admin, $"/api/v1/rule-sets/{version}/impact",
                j => j.GetProperty("largestMoves").EnumerateArray().Any(m => m.Str("customerId") == customer));
            var move = impact.GetProperty("largestMoves").EnumerateArray().First(m => m.Str("customerId") == customer);
            Assert.Equal(("4", "5", 1_200m, 2_400m), (move.Str("from"), move.Str("to"), move.Dec("points"), move.Dec("shadowPoints")));
            Assert.Contains(impact.GetProperty("transitions").EnumerateArray(),
                c => c.Str("from") == "4" && c.Str("to") == "5" && c.GetProperty("customers").GetInt64() >= 1);
            Assert.True(impact.GetProperty("up").GetInt64() >= 1);
            Assert.Equal(impact.GetProperty("customers").GetInt64(),
                impact.GetProperty("up").GetInt64() + impact.GetProperty("down").GetInt64() + impact.GetProperty("same").GetInt64());
            // The seed over every resident customer completes, and every customer it counted is in the counts.
            var seeded = await Eventually(admin, $"/api/v1/rule-sets/{version}/impact", j => j.GetProperty("seed").Str("state") == "complete");
            var seed = seeded.GetProperty("seed");
            Assert.Equal("complete", seed.Str("state"));
            Assert.True(seed.GetProperty("customers").GetInt64() >= 1);
            Assert.True(seeded.GetProperty("customers").GetInt64() >= seed.GetProperty("customers").GetInt64());
            Assert.Equal(JsonValueKind.Null, seed.GetProperty("failure").ValueKind);
            // … and is counted in /metrics, with how long it took.
            var seeds = new System.Text.RegularExpressions.Regex(@"crm_impact_seeds_total\{[^}]*outcome=""complete""[^}]*\} [1-9]");
            var took = new System.Text.RegularExpressions.Regex(@"crm_impact_seed_duration_seconds_count\{[^}]*outcome=""complete""[^}]*\} [1-9]");
            string text = "";
            for (int attempt = 0; attempt < 50 && !(seeds.IsMatch(text) && took.IsMatch(text)); attempt++)
            {
                if (attempt > 0) await Task.Delay(100);
                text = await (await api.WithApiKey().GetAsync("/metrics")).Content.ReadAsStringAsync();
            }
            Assert.Matches(seeds, text);
            Assert.Matches(took, text);

            // One version pending at a time; an id is used once.
            var another = await admin.PostJson("/api/v1/rule-sets", """{ "version": "another-one" }""");
            Assert.Equal(HttpStatusCode.Conflict, another.Status);
            Assert.Equal(["version"], another.ErrorFields);
            Assert.Equal(HttpStatusCode.Conflict, (await admin.PostJson("/api/v1/rule-sets", $$"""{ "version": "{{version}}" }""")).Status);

            // Schedule: a rating day at least two days ahead.
            var today = api.Clock.GetUtcNow().ToOffset(BankDates.Offset);
            var notRatingDay = await admin.PostJson($"/api/v1/rule-sets/{version}/schedule", $$"""{ "effectiveFrom": "{{today.AddDays(3):yyyy-MM-02}}" }""");
            Assert.Equal(HttpStatusCode.BadRequest, notRatingDay.Status);
            Assert.Equal(["effectiveFrom"], notRatingDay.ErrorFields);
            var next = BankDates.NextRatingDay(today.AddDays(2));
            var scheduled = await admin.PostJson($"/api/v1/rule-sets/{version}/schedule", $$"""{ "effectiveFrom": "{{next:yyyy-MM-dd}}" }""");
            Assert.Equal(HttpStatusCode.OK, scheduled.Status);
            Assert.Equal(("scheduled", next.ToString("yyyy-MM-dd")), (scheduled.Json.Str("state"), scheduled.Json.Str("effectiveFrom")));
            Assert.Equal(["proposed", "scheduled"], scheduled.Json.GetProperty("audit").EnumerateArray().Select(a => a.Str("action")));
            Assert.Equal(version, (await admin.GetCustomer(customer)).Json.GetProperty("shadow").Str("version"));   // still computed

            var listed = await admin.Get("/api/v1/rule-sets");
            Assert.Contains(listed.Json.GetProperty("ruleSets").EnumerateArray(), v => v.Str("version") == "published" && v.Str("state") == "active");
            Assert.Equal(HttpStatusCode.Conflict, (await admin.Delete("/api/v1/rule-sets/published")).Status);   // in force
        }
        finally
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.Delete($"/api/v1/rule-sets/{version}")).Status);
        }
        Assert.DoesNotContain((await admin.Get("/api/v1/rule-sets")).Json.GetProperty("ruleSets").EnumerateArray(), v => v.Str("version") == version);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get($"/api/v1/rule-sets/{version}/impact")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostJson("/api/v1/rule-sets", $$"""{ "version": "{{version}}" }""")).Status);
    }

    [Fact]
    public async Task A_wrong_version_is_refused_field_by_field_and_only_admins_may_see_rule_sets()
    {
        var admin = await api.AsStaff("admin");
        var refused = await admin.PostJson("/api/v1/rule-sets", """
            { "version": "bad/id", "rates": { "cardSpending": -1, "fuel": 10 }, "thresholds": { "4": 40 },
              "windowDays": 12, "productFloors": { "goldCreditCard": "quasi", "yacht": "7" }, "colour": "blue" }
            """);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(
            ["colour", "productFloors.goldCreditCard", "productFloors.yacht", "rates.cardSpending", "rates.fuel", "thresholds.4", "version", "windowDays"],
            refused.ErrorFields.Order(StringComparer.Ordinal));
        Assert.DoesNotContain((await admin.Get("/api/v1/rule-sets")).Json.GetProperty("ruleSets").EnumerateArray(), v => v.Str("version") == "bad/id");

        var teller = await api.AsStaff("teller-b001");
        Assert.Equal(HttpStatusCode.Forbidden, (await teller.Get("/api/v1/rule-sets")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await teller.PostJson("/api/v1/rule-sets", """{ "version": "x" }""")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().Get("/api/v1/rule-sets")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Delete("/api/v1/rule-sets/never-was")).Status);
    }

    private static async Task<JsonElement> Eventually(HttpClient client, string path, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var reply = await client.Get(path);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            if (done(reply.Json) || DateTime.UtcNow > deadline) return reply.Json;
            await Task.Delay(100);
        }
    }
}
