using System.Net;
using System.Text.Json.Nodes;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>The cases that broke "a 202 is a promise" (issue "Every acknowledgement kept"), each as the contract says
/// it must answer — in the embedded default and in PostgreSQL mode, which now share one journal-first path.</summary>
public abstract class ContractPromiseTests(CrmApiFactory api)
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();

    private async Task<Support.Http.Reply> Customer(string id) => await (await api.AsStaff("admin")).GetCustomer(id);

    [Fact]
    public async Task An_id_with_a_comma_resent_with_other_content_beside_a_new_event_is_409_and_nothing_is_lost()
    {
        var customer = Ev.NewId("c");
        var tricky = $"{Ev.NewId("e")},with,commas";
        Assert.Equal(HttpStatusCode.Accepted, (await api.WithApiKey().PostEvents(Ev.Fee(customer, Now.AddDays(-2), "cardSpending", 1_000m, eventId: tricky))).Status);

        var fresh = Ev.Fee(customer, Now.AddDays(-1), "cardSpending", 500m);
        var conflict = await api.WithApiKey().PostEvents(fresh, Ev.Fee(customer, Now.AddDays(-2), "cardSpending", 9_999m, eventId: tricky));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        var error = Assert.Single(conflict.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal((1, tricky), (error.GetProperty("index").GetInt32(), error.Str("eventId")));
        Assert.Equal(40.00m, (await Customer(customer)).Json.Dec("points"));          // the new event: not applied

        var corrected = await api.WithApiKey().PostEvents(fresh);                      // the producer fixes and resends
        Assert.Equal((HttpStatusCode.Accepted, 1), (corrected.Status, corrected.Json.GetProperty("accepted").GetInt32()));
        Assert.Equal(60.00m, (await Customer(customer)).Json.Dec("points"));
    }

    [Theory]
    [InlineData("balance", "1e24")]
    [InlineData("balance", "1000000000000.01")]
    [InlineData("balance", "1e-30")]
    [InlineData("balance", "-0.01")]
    [InlineData("amount", "1e24")]
    [InlineData("amount", "0.001")]
    [InlineData("amount", "0")]
    [InlineData("feeShare", "0.12345")]
    [InlineData("feeShare", "1.0001")]
    public async Task A_number_outside_its_domain_is_a_400_for_that_item_and_the_batch_applies_nothing(string field, string number)
    {
        var customer = Ev.NewId("c");
        var good = Ev.Fee(customer, Now.AddDays(-1), "cardSpending", 1_000m);
        JsonObject bad = field == "balance"
            ? Ev.Balance(customer, Now.AddDays(-1), "shortTermAssets", 1m)
            : Ev.Fee(customer, Now.AddDays(-1), "investment", 1m);
        bad[field] = JsonNode.Parse(number);

        var reply = await api.WithApiKey().PostEvents(good, bad);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        var error = Assert.Single(reply.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal((1, field), (error.GetProperty("index").GetInt32(), error.Str("field")));
        Assert.Equal(HttpStatusCode.NotFound, (await Customer(customer)).Status);
    }

    [Fact]
    public async Task At_the_money_bound_an_event_is_accepted_and_applied_exactly()
    {
        var customer = Ev.NewId("c");
        var reply = await api.WithApiKey().PostEvents(
            Ev.Balance(customer, Now.AddDays(-400), "shortTermAssets", 1_000_000_000_000m),
            Ev.Fee(customer, Now.AddDays(-1), "cardSpending", 1_000_000_000_000m));

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        var read = await Customer(customer);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(13_500_000_000m + 40_000_000_000m, read.Json.Dec("points"));
    }

    [Theory]
    [InlineData("eventId", "e\u0000nul")]
    [InlineData("eventId", "e\nnewline")]
    [InlineData("customerId", "c\u0001")]
    [InlineData("customerId", "c\u0085next-line")]
    [InlineData("accountId", "a\u2028")]
    public async Task A_control_character_in_an_id_is_a_400_not_a_503_for_ever(string field, string value)
    {
        var customer = Ev.NewId("c");
        var e = Ev.Balance(customer, Now.AddDays(-1), "shortTermAssets", 100m);
        e[field] = value;

        var reply = await api.WithApiKey().PostEvents(e);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains(field, reply.ErrorFields);
    }

    [Theory]
    [InlineData("displayName", 5_000_000)]
    [InlineData("displayName", 101)]
    [InlineData("homeBranchId", 33)]
    [InlineData("managerId", 65)]
    public async Task A_string_longer_than_its_domain_is_a_400(string field, int length)
    {
        var customer = Ev.NewId("c");
        var e = Ev.Profile(customer, Now.AddDays(-1), "B001", "M001", "张三");
        e[field] = new string('x', length);

        var reply = await api.WithApiKey().PostEvents(e);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal([field], reply.ErrorFields);
    }

    [Theory]
    [InlineData("customerId", "c/with-slash")]
    [InlineData("customerId", "..")]
    [InlineData("customerId", "c{0}")]
    [InlineData("homeBranchId", "B{1}")]
    [InlineData("managerId", "M/1")]
    public async Task An_identifier_that_a_read_or_grain_storage_could_not_serve_is_a_400(string field, string value)
    {
        var e = Ev.Profile(Ev.NewId("c"), Now.AddDays(-1), "B001", "M001");
        e[field] = value;

        var reply = await api.WithApiKey().PostEvents(e);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal([field], reply.ErrorFields);
    }

    [Fact]
    public async Task A_branch_id_of_100_characters_is_a_400()
    {
        var e = Ev.Visit(Ev.NewId("c"), Now.AddMinutes(-1), new string('B', 100));
        Assert.Equal(["branchId"], (await api.WithApiKey().PostEvents(e)).ErrorFields);
    }

    [Fact]
    public async Task A_time_before_2000_or_ahead_of_the_clock_is_a_400()
    {
        var customer = Ev.NewId("c");
        var reply = await api.WithApiKey().PostEvents(
            Ev.Fee(customer, new DateTimeOffset(1999, 12, 31, 23, 59, 0, TimeSpan.Zero), "cardSpending", 10m),
            Ev.Fee(customer, Now.AddMinutes(6), "cardSpending", 10m));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(["occurredAt", "occurredAt"], reply.ErrorFields);
    }

    [Fact]
    public async Task The_same_customer_id_reads_the_same_whether_counted_in_code_points_or_utf16_units()
    {
        // 64 characters, 128 UTF-16 units: inside the contract's 1–64 characters, so a read must find it.
        var customer = string.Concat(Enumerable.Repeat("𝟘", 64));
        Assert.Equal(HttpStatusCode.Accepted, (await api.WithApiKey().PostEvents(Ev.Fee(customer, Now.AddDays(-1), "cardSpending", 1_000m))).Status);

        var read = await Customer(customer);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(40.00m, read.Json.Dec("points"));
        Assert.Equal(HttpStatusCode.NotFound, (await Customer(customer + "𝟘")).Status);   // 65: no event could name it
    }

    [Fact]
    public async Task A_manual_star_is_answered_once_applied_and_is_in_the_paged_history()
    {
        var customer = Ev.NewId("c");
        await api.WithApiKey().PostEvents(Ev.Profile(customer, Now.AddDays(-1), "B001", "M001"),
            Ev.Fee(customer, Now.AddDays(-1), "cardSpending", 2_000m));
        var rm = await api.AsStaff("rm-m001");

        var set = await rm.PostJson($"/api/v1/customers/{customer}/manual-star", """{"star":"6","reason":"family of a VIP"}""");

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal(("6", "manual"), (set.Json.Str("serviceStar"), set.Json.Str("serviceStarCause")));
        var history = await rm.Get($"/api/v1/customers/{customer}/history?limit=1");
        Assert.Equal(2L, history.Json.GetProperty("nextAfter").GetInt64() + 1);
        var rest = await rm.Get($"/api/v1/customers/{customer}/history?after=1");
        var change = Assert.Single(rest.Json.GetProperty("changes").EnumerateArray());
        Assert.Equal((2L, "6", "rm-m001"), (change.GetProperty("seq").GetInt64(), change.Str("newStar"), change.Str("changedBy")));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rest.Json.GetProperty("nextAfter").ValueKind);
    }
}

/// <summary>The cases on the embedded default.</summary>
[Collection(ApiCollection.Name)]
public sealed class EmbeddedContractPromiseTests(CrmApiFactory api) : ContractPromiseTests(api);

/// <summary>The same cases in PostgreSQL mode.</summary>
public sealed class PostgresContractPromiseTests(PostgresApiFactory api) : ContractPromiseTests(api), IClassFixture<PostgresApiFactory>;
