using System.Net;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Contract "Ingesting events": eventId is the idempotency key. The same event again is a counted duplicate
/// that changes nothing; the same id with different content is 409 and nothing of that batch is applied.</summary>
[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(CrmApiFactory api)
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();

    [Fact]
    public async Task Resending_a_batch_is_accepted_as_duplicates_and_changes_no_points()
    {
        var customer = Ev.NewId("c");
        var batch = new[]
        {
            Ev.Balance(customer, Now.AddDays(-300), "shortTermAssets", 300_000m),
            Ev.Fee(customer, Now.AddDays(-3), "cardSpending", 2_000m),
        };
        var first = await api.WithApiKey().PostEvents(batch);
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(2, first.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(0, first.Json.GetProperty("duplicates").GetInt32());
        var pointsBefore = (await (await api.AsStaff("admin")).GetCustomer(customer)).Json.Dec("points");

        var again = await api.WithApiKey().PostEvents(batch);

        Assert.Equal(HttpStatusCode.Accepted, again.Status);
        Assert.Equal(0, again.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(2, again.Json.GetProperty("duplicates").GetInt32());
        Assert.Equal(4_130.00m, pointsBefore); // 4,050 + 80
        Assert.Equal(pointsBefore, (await (await api.AsStaff("admin")).GetCustomer(customer)).Json.Dec("points"));
    }

    [Fact]
    public async Task A_batch_mixing_new_and_known_events_counts_each()
    {
        var customer = Ev.NewId("c");
        var known = Ev.Fee(customer, Now.AddDays(-3), "cardSpending", 500m);
        await api.WithApiKey().PostEvents(known);

        var reply = await api.WithApiKey().PostEvents(known, Ev.Fee(customer, Now.AddDays(-2), "cardSpending", 500m));

        Assert.Equal(1, reply.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(1, reply.Json.GetProperty("duplicates").GetInt32());
        Assert.Equal(40.00m, (await (await api.AsStaff("admin")).GetCustomer(customer)).Json.Dec("points"));
    }

    [Fact]
    public async Task The_same_event_twice_in_one_batch_is_one_event_and_one_duplicate()
    {
        var customer = Ev.NewId("c");
        var e = Ev.Fee(customer, Now.AddDays(-3), "cardSpending", 500m);

        var reply = await api.WithApiKey().PostEvents(e, e.DeepClone());

        Assert.Equal(1, reply.Json.GetProperty("accepted").GetInt32());
        Assert.Equal(1, reply.Json.GetProperty("duplicates").GetInt32());
        Assert.Equal(20.00m, (await (await api.AsStaff("admin")).GetCustomer(customer)).Json.Dec("points"));
    }

    [Fact]
    public async Task A_known_event_id_with_different_content_is_409_and_nothing_of_the_batch_is_applied()
    {
        var first = Ev.NewId("c");
        var eventId = Ev.NewId();
        await api.WithApiKey().PostEvents(Ev.Fee(first, Now.AddDays(-3), "cardSpending", 500m, eventId: eventId));

        var other = Ev.NewId("c");
        var reply = await api.WithApiKey().PostEvents(
            Ev.Balance(other, Now.AddDays(-3), "shortTermAssets", 10_000m),
            Ev.Fee(first, Now.AddDays(-3), "cardSpending", 999m, eventId: eventId));

        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        var conflict = Assert.Single(reply.Json.GetProperty("errors").EnumerateArray());
        Assert.Equal(eventId, conflict.Str("eventId"));
        Assert.Equal(1, conflict.GetProperty("index").GetInt32());

        var admin = await api.AsStaff("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetCustomer(other)).Status);
        Assert.Equal(20.00m, (await admin.GetCustomer(first)).Json.Dec("points")); // the original 500 CNY, unchanged
    }

    [Fact]
    public async Task One_event_id_with_two_contents_in_one_batch_is_409_and_nothing_is_applied()
    {
        var customer = Ev.NewId("c");
        var eventId = Ev.NewId();

        var reply = await api.WithApiKey().PostEvents(
            Ev.Fee(customer, Now.AddDays(-3), "cardSpending", 500m, eventId: eventId),
            Ev.Fee(customer, Now.AddDays(-3), "cardSpending", 501m, eventId: eventId));

        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await (await api.AsStaff("admin")).GetCustomer(customer)).Status);
    }

    [Fact]
    public async Task Equal_content_written_differently_is_still_a_duplicate()
    {
        var customer = Ev.NewId("c");
        var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));
        var original = Ev.Fee(customer, at, "investment", 100m);
        await api.WithApiKey().PostEvents(original);

        // The same instant in UTC, the same amount with trailing zeros, the default fee share spelled out.
        var same = Ev.Fee(customer, at.ToUniversalTime(), "investment", 100.00m, feeShare: 1m,
            eventId: original["eventId"]!.GetValue<string>());
        var reply = await api.WithApiKey().PostEvents(same);

        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        Assert.Equal(1, reply.Json.GetProperty("duplicates").GetInt32());
    }
}
