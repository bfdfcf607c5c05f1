using System.Net;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>docs/contract-extension-outlook.md over HTTP: the outlook has the customer's access rules (404, 403 by branch
/// and portfolio), its fields and figures; the at-risk list is the manager's (and admins') and lists the customer.</summary>
[Collection(ApiCollection.Name)]
public sealed class OutlookTests(CrmApiFactory api)
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();

    /// <summary>A customer of M001 homed at B001 on 6,060 points on the last rating day (5 stars), of which 6,000 come
    /// from card spending that leaves the window before the next rating day: 60 points (3 stars) projected.</summary>
    private async Task<string> AtRiskCustomerOfM001()
    {
        var customer = Ev.NewId("outlook");
        var lastRatingDay = BankDates.LastRatingDay(Now);
        await api.WithApiKey().PostEvents(
            Ev.Profile(customer, Now.AddDays(-300), "B001", managerId: "M001", displayName: "王小红"),
            Ev.Balance(customer, Now.AddDays(-300), "longTermAssets", 6_000m),
            Ev.Fee(customer, lastRatingDay.AddDays(-170), "cardSpending", 150_000m));
        await api.SettleAsync();
        return customer;
    }

    [Fact]
    public async Task The_outlook_projects_the_next_rating_day_and_says_what_keeps_or_lifts_the_star()
    {
        var customer = await AtRiskCustomerOfM001();
        var manager = await api.AsStaff("rm-m001");

        var reply = await manager.Get($"/api/v1/customers/{customer}/outlook");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var o = reply.Json;
        var next = BankDates.LastRatingDay(Now).AddMonths(1);
        Assert.Equal($"{next:yyyy-MM-dd}", o.Str("nextRatingDay"));
        Assert.Equal(60.00m, o.Dec("projectedPoints"));
        Assert.Equal(0m, o.GetProperty("projectedBreakdown").Dec("cardSpending"));
        Assert.Equal(60.00m, o.GetProperty("projectedBreakdown").Dec("longTermAssets"));
        Assert.Equal(("3", "3", "5"), (o.Str("projectedContributionStar"), o.Str("projectedServiceStar"), o.Str("serviceStar")));
        Assert.True(o.GetProperty("atRisk").GetBoolean());
        Assert.Equal(1_940.00m, o.Dec("pointsToKeep"));
        var lifts = o.GetProperty("liftOptions").EnumerateArray().ToList();
        Assert.Equal(8, lifts.Count);
        Assert.All(lifts, l => Assert.Equal("6", l.Str("star")));
        // 6 stars need 10,000 − 60 = 9,940 points; one card-spending transaction today counts 400 per 10,000 CNY.
        var cardSpending = lifts.Single(l => l.Str("indicator") == "cardSpending");
        Assert.Equal(248_500.00m, cardSpending.Dec("amount"));
        Assert.Equal("cardSpending", lifts[0].Str("indicator"));   // cheapest first
        Assert.Equal(System.Text.Json.JsonValueKind.Null, o.GetProperty("manualStar").ValueKind);
    }

    [Fact]
    public async Task The_outlook_is_read_under_the_customers_access_rules()
    {
        var customer = await AtRiskCustomerOfM001();
        Assert.Equal(HttpStatusCode.OK, (await (await api.AsStaff("teller-b001")).Get($"/api/v1/customers/{customer}/outlook")).Status);
        Assert.Equal(HttpStatusCode.OK, (await (await api.AsStaff("admin")).Get($"/api/v1/customers/{customer}/outlook")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("teller-b002")).Get($"/api/v1/customers/{customer}/outlook")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("rm-m002")).Get($"/api/v1/customers/{customer}/outlook")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await (await api.AsStaff("rm-m001")).Get($"/api/v1/customers/{Ev.NewId("never")}/outlook")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().Get($"/api/v1/customers/{customer}/outlook")).Status);
    }

    [Fact]
    public async Task The_at_risk_list_is_the_managers_and_lists_the_customer_with_points_to_keep_and_the_best_lift()
    {
        var customer = await AtRiskCustomerOfM001();

        var reply = await (await api.AsStaff("rm-m001")).Get("/api/v1/portfolios/M001/at-risk");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var entry = reply.Json.GetProperty("customers").EnumerateArray().Single(c => c.Str("customerId") == customer);
        Assert.Equal(("5", "3"), (entry.Str("serviceStar"), entry.Str("projectedServiceStar")));
        Assert.Equal(1_940.00m, entry.Dec("pointsToKeep"));
        Assert.Equal("王小红", entry.Str("displayName"));
        Assert.Equal(("cardSpending", 248_500.00m), (entry.GetProperty("bestLift").Str("indicator"), entry.GetProperty("bestLift").Dec("amount")));
        Assert.Equal(reply.Json.Str("nextRatingDay"), entry.Str("nextRatingDay"));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("rm-m002")).Get("/api/v1/portfolios/M001/at-risk")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("teller-b001")).Get("/api/v1/portfolios/M001/at-risk")).Status);
        Assert.Equal(HttpStatusCode.OK, (await (await api.AsStaff("admin")).Get("/api/v1/portfolios/M001/at-risk")).Status);
        // The kept retention signals: the same access as the list.
        Assert.Equal(HttpStatusCode.OK, (await (await api.AsStaff("rm-m001")).Get("/api/v1/portfolios/M001/retention-risks")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("rm-m002")).Get("/api/v1/portfolios/M001/retention-risks")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("teller-b001")).Get("/api/v1/portfolios/M001/retention-risks")).Status);
        Assert.Equal(HttpStatusCode.OK, (await (await api.AsStaff("admin")).Get("/api/v1/portfolios/M001/retention-risks")).Status);
    }
}
