using System.Net;
using System.Text.Json.Nodes;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Contract "Manual adjustment": a manager (own portfolio) or admin sets a service star with a reason and
/// an optional expiry; it wins over points until cleared; the history lists every change with its cause.</summary>
[Collection(ApiCollection.Name)]
public sealed class ManualStarTests(CrmApiFactory api)
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();

    /// <summary>A 5-star customer (4,050 points) in the portfolio of M001.</summary>
    private async Task<string> FiveStarCustomerOfM001()
    {
        var customer = Ev.NewId("c");
        await api.WithApiKey().PostEvents(
            Ev.Profile(customer, Now.AddDays(-300), "B001", managerId: "M001"),
            Ev.Balance(customer, Now.AddDays(-300), "shortTermAssets", 300_000m));
        return customer;
    }

    private static string Path(string customer) => $"/api/v1/customers/{customer}/manual-star";

    private static string Body(string star, string reason, DateTimeOffset? expiresAt = null) => new JsonObject
    {
        ["star"] = star,
        ["reason"] = reason,
        ["expiresAt"] = expiresAt is { } e ? Ev.Time(e) : null,
    }.ToJsonString();

    [Fact]
    public async Task The_manager_sets_a_manual_star_that_shows_with_cause_manual_and_is_listed_in_the_history()
    {
        var customer = await FiveStarCustomerOfM001();
        var manager = await api.AsStaff("rm-m001");

        var set = await manager.PostJson(Path(customer), Body("7", "Private-banking prospect, approved by branch head",
            Now.AddDays(30)));

        Assert.Equal(HttpStatusCode.OK, set.Status);
        Assert.Equal("7", set.Json.Str("serviceStar"));
        Assert.Equal("manual", set.Json.Str("serviceStarCause"));
        Assert.Equal("5", set.Json.Str("contributionStar"));
        Assert.Equal("7", set.Json.GetProperty("manualStar").Str("star"));
        Assert.Equal("rm-m001", set.Json.GetProperty("manualStar").Str("setBy"));

        var read = await manager.GetCustomer(customer);
        Assert.Equal("7", read.Json.Str("serviceStar"));
        Assert.Equal("manual", read.Json.Str("serviceStarCause"));

        var history = await manager.Get($"/api/v1/customers/{customer}/history");
        var manual = history.Json.GetProperty("changes").EnumerateArray().Last();
        Assert.Equal("manual", manual.Str("cause"));
        Assert.Equal("5", manual.Str("oldStar"));
        Assert.Equal("7", manual.Str("newStar"));
        Assert.Equal("Private-banking prospect, approved by branch head", manual.Str("reason"));
        Assert.Equal("rm-m001", manual.Str("changedBy"));
        Assert.Equal(4_050.00m, manual.Dec("points"));
    }

    [Fact]
    public async Task A_manual_star_may_be_lower_than_the_computed_one_and_delete_clears_it()
    {
        var customer = await FiveStarCustomerOfM001();
        var admin = await api.AsStaff("admin");

        var lowered = await admin.PostJson(Path(customer), Body("3", "Under review"));
        Assert.Equal("3", lowered.Json.Str("serviceStar"));

        var cleared = await admin.Delete(Path(customer));

        Assert.Equal(HttpStatusCode.OK, cleared.Status);
        Assert.Equal("5", cleared.Json.Str("serviceStar"));
        Assert.NotEqual("manual", cleared.Json.Str("serviceStarCause"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.Json.GetProperty("manualStar").ValueKind);
        var after = await admin.GetCustomer(customer);
        Assert.Equal("5", after.Json.Str("serviceStar"));

        var changes = (await admin.Get($"/api/v1/customers/{customer}/history")).Json.GetProperty("changes")
            .EnumerateArray().Where(c => c.Str("cause") == "manual").ToList();
        Assert.Equal(2, changes.Count);
        Assert.Equal(("5", "3"), (changes[0].Str("oldStar"), changes[0].Str("newStar")));
        Assert.Equal(("3", "5"), (changes[1].Str("oldStar"), changes[1].Str("newStar")));
        Assert.Equal("admin", changes[1].Str("changedBy"));
    }

    [Fact]
    public async Task An_invalid_setting_is_400_with_every_error()
    {
        var customer = await FiveStarCustomerOfM001();

        var reply = await (await api.AsStaff("admin")).PostJson(Path(customer), Body("8", " ", Now.AddMinutes(-1)));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(["star", "reason", "expiresAt"], reply.ErrorFields);
    }

    [Fact]
    public async Task A_teller_or_a_manager_of_another_portfolio_may_not_set_it()
    {
        var customer = await FiveStarCustomerOfM001();

        var teller = await (await api.AsStaff("teller-b001")).PostJson(Path(customer), Body("7", "x"));
        var otherManager = await (await api.AsStaff("rm-m002")).PostJson(Path(customer), Body("7", "x"));
        var otherManagerClears = await (await api.AsStaff("rm-m002")).Delete(Path(customer));

        Assert.Equal(HttpStatusCode.Forbidden, teller.Status);
        Assert.Equal(HttpStatusCode.Forbidden, otherManager.Status);
        Assert.Equal(HttpStatusCode.Forbidden, otherManagerClears.Status);
    }

    [Fact]
    public async Task Setting_or_clearing_for_a_customer_never_seen_is_404()
    {
        var admin = await api.AsStaff("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostJson(Path(Ev.NewId("never")), Body("6", "x"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Delete(Path(Ev.NewId("never")))).Status);
    }
}
