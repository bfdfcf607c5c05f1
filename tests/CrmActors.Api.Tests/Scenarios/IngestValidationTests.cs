using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Contract "Ingesting events": a batch with any invalid event is refused with 400 listing every error
/// (index, eventId, field, message), and none of its events is applied.</summary>
[Collection(ApiCollection.Name)]
public sealed class IngestValidationTests(CrmApiFactory api)
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();

    [Fact]
    public async Task Malformed_json_is_one_error_about_the_body()
    {
        var reply = await api.WithApiKey().PostJson("/api/v1/events", "{\"events\": [ {\"eventId\": ");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        var error = Assert.Single(reply.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal(-1, error.GetProperty("index").GetInt32());
        Assert.Equal("body", error.Str("field"));
    }

    [Fact]
    public async Task A_body_without_an_events_array_or_with_none_is_refused()
    {
        var client = api.WithApiKey();
        Assert.Equal(["events"], (await client.PostJson("/api/v1/events", "{}")).ErrorFields);
        Assert.Equal(["events"], (await client.PostJson("/api/v1/events", "{\"events\": []}")).ErrorFields);
        Assert.Equal(["body"], (await client.PostJson("/api/v1/events", "[]")).ErrorFields);
    }

    [Fact]
    public async Task Missing_common_fields_are_each_reported()
    {
        var reply = await api.WithApiKey().PostEvents(new JsonObject { ["eventId"] = "only-an-id" });

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(["customerId", "occurredAt", "type"], reply.ErrorFields);
        Assert.All(reply.Json.GetProperty("errors").EnumerateArray(), e =>
        {
            Assert.Equal(0, e.GetProperty("index").GetInt32());
            Assert.Equal("only-an-id", e.Str("eventId"));
        });
    }

    [Fact]
    public async Task Missing_type_specific_fields_are_each_reported()
    {
        var customer = Ev.NewId("c");
        var balance = Ev.Balance(customer, Now.AddDays(-1), "shortTermAssets", 1m);
        balance.Remove("accountId");
        balance.Remove("balance");
        var profile = Ev.Profile(customer, Now.AddDays(-1), "B001");
        profile.Remove("homeBranchId");

        var reply = await api.WithApiKey().PostEvents(balance, profile);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(["accountId", "balance", "homeBranchId"], reply.ErrorFields);
    }

    [Theory]
    [InlineData("indicator", "ShortTermAssets")] // camelCase exactly
    [InlineData("indicator", "shortterm")]
    [InlineData("type", "deposit")]
    public async Task A_value_outside_its_enum_is_refused(string field, string value)
    {
        var e = Ev.Balance(Ev.NewId("c"), Now.AddDays(-1), "shortTermAssets", 100m);
        e[field] = value;

        var reply = await api.WithApiKey().PostEvents(e);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal([field], reply.ErrorFields);
    }

    [Fact]
    public async Task A_negative_amount_is_refused()
    {
        var reply = await api.WithApiKey().PostEvents(Ev.Fee(Ev.NewId("c"), Now.AddDays(-1), "investment", -5m));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(["amount"], reply.ErrorFields);
    }

    [Fact]
    public async Task A_zero_amount_is_refused_but_a_zero_balance_is_fine()
    {
        var customer = Ev.NewId("c");
        var zeroFee = await api.WithApiKey().PostEvents(Ev.Fee(customer, Now.AddDays(-1), "investment", 0m));
        Assert.Equal(["amount"], zeroFee.ErrorFields);

        var zeroBalance = await api.WithApiKey().PostEvents(Ev.Balance(customer, Now.AddDays(-1), "shortTermAssets", 0m));
        Assert.Equal(HttpStatusCode.Accepted, zeroBalance.Status);
    }

    [Fact]
    public async Task A_negative_balance_is_refused()
    {
        var reply = await api.WithApiKey().PostEvents(Ev.Balance(Ev.NewId("c"), Now.AddDays(-1), "mortgage", -0.01m));

        Assert.Equal(["balance"], reply.ErrorFields);
    }

    [Fact]
    public async Task Money_with_more_than_two_decimals_is_refused()
    {
        var reply = await api.WithApiKey().PostEvents(Ev.Balance(Ev.NewId("c"), Now.AddDays(-1), "mortgage", 10.005m));

        Assert.Equal(["balance"], reply.ErrorFields);
    }

    [Fact]
    public async Task A_fee_share_of_1_5_is_refused()
    {
        var reply = await api.WithApiKey().PostEvents(Ev.Fee(Ev.NewId("c"), Now.AddDays(-1), "investment", 100m, feeShare: 1.5m));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(["feeShare"], reply.ErrorFields);
    }

    [Fact]
    public async Task An_event_10_minutes_in_the_future_is_refused()
    {
        var reply = await api.WithApiKey().PostEvents(Ev.Fee(Ev.NewId("c"), Now.AddMinutes(10), "investment", 100m));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(["occurredAt"], reply.ErrorFields);
    }

    [Fact]
    public async Task An_event_a_minute_ahead_is_clock_skew_and_accepted()
    {
        var reply = await api.WithApiKey().PostEvents(Ev.Visit(Ev.NewId("c"), Now.AddMinutes(1), "B001"));

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
    }

    [Theory]
    [InlineData("2026-11-20T10:00:00")]        // no offset
    [InlineData("2026-11-20")]                 // a date, not a time
    [InlineData("20 Nov 2026 10:00 +08:00")]   // not ISO-8601
    public async Task A_time_without_an_offset_or_not_iso_8601_is_refused(string occurredAt)
    {
        var e = Ev.Visit(Ev.NewId("c"), Now, "B001");
        e["occurredAt"] = occurredAt;

        var reply = await api.WithApiKey().PostEvents(e);

        Assert.Equal(["occurredAt"], reply.ErrorFields);
    }

    [Fact]
    public async Task Ids_over_their_length_and_empty_strings_are_refused()
    {
        var e = Ev.Visit(new string('c', 65), Now.AddDays(-1), "", eventId: new string('e', 129));

        var reply = await api.WithApiKey().PostEvents(e);

        Assert.Equal(["eventId", "customerId", "branchId"], reply.ErrorFields);
    }

    [Fact]
    public async Task Every_error_of_every_event_is_listed_with_its_index()
    {
        var customer = Ev.NewId("c");
        var good = Ev.Visit(customer, Now.AddDays(-1), "B001");
        var badAmount = Ev.Fee(customer, Now.AddDays(-1), "investment", -1m);
        var badShareAndTime = Ev.Fee(customer, Now.AddHours(1), "settlement", 10m, feeShare: 2m);

        var reply = await api.WithApiKey().PostEvents(good, badAmount, badShareAndTime, JsonValue.Create(42)!);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        var errors = reply.Json.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.Str("field"))).ToList();
        Assert.Equal([(1, "amount"), (2, "occurredAt"), (2, "feeShare"), (3, "event")], errors);
        Assert.Equal(badAmount["eventId"]!.GetValue<string>(), reply.Json.GetProperty("errors")[0].Str("eventId"));
    }

    [Fact]
    public async Task An_invalid_batch_applies_nothing_not_even_its_valid_events()
    {
        var customer = Ev.NewId("c");
        var valid = Ev.Balance(customer, Now.AddDays(-30), "shortTermAssets", 100_000m);
        var invalid = Ev.Fee(customer, Now.AddDays(-1), "investment", 100m, feeShare: 1.5m);

        var reply = await api.WithApiKey().PostEvents(valid, invalid);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);

        Assert.Equal(HttpStatusCode.NotFound, (await (await api.AsStaff("admin")).GetCustomer(customer)).Status);

        // The valid event alone is then accepted as new: the refused batch left nothing in the journal either.
        var retry = await api.WithApiKey().PostEvents(valid);
        Assert.Equal(1, retry.Json.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task A_batch_of_11000_events_is_413_before_any_event_is_looked_at()
    {
        // Deliberately invalid events: the size check comes first.
        var body = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 11_000; i++) body.Append(i == 0 ? "" : ",").Append("{\"eventId\":\"x\"}");
        body.Append("]}");

        var reply = await api.WithApiKey().PostJson("/api/v1/events", body.ToString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
    }

    [Fact]
    public async Task A_batch_of_exactly_10000_events_is_accepted()
    {
        // 500 customers with 20 events each: delivered as one grain call per customer.
        var run = Guid.NewGuid().ToString("N")[..8];
        var at = Now.AddDays(-2);
        var events = Enumerable.Range(0, 10_000)
            .Select(i => (JsonNode)Ev.Fee($"bulk-{run}-{i % 500}", at, "cardSpending", 10m))
            .ToArray();

        var reply = await api.WithApiKey().PostEvents(events);

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal(10_000, reply.Json.GetProperty("accepted").GetInt32());
        var one = await (await api.AsStaff("admin")).GetCustomer($"bulk-{run}-7");
        Assert.Equal(8.00m, one.Json.Dec("points")); // 20 × 10 CNY = 200 CNY × 400 / 10,000
    }
}
