using System.Net;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>The worked examples of star-model.md §6, each posted as contract events and read back as the admin's
/// view of the customer. "Now" is <see cref="BankDates.Start"/> (23 Nov, 10:00 bank time); the last rating day
/// is 1 Nov 00:00 bank time, so a balance held since 200 days before it fills both the rating day's window and
/// today's.</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkedExampleTests(CrmApiFactory api)
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();
    private DateTimeOffset WholeWindow => BankDates.LastRatingDay(Now).AddDays(-200);
    private DateTimeOffset LastMonth => BankDates.LastRatingDay(Now).AddDays(-10);

    [Fact]
    public async Task Example1_demand_savings_of_300000_for_the_whole_window_earn_4050_points_and_5_stars()
    {
        var customer = Ev.NewId("ex1");
        await Ingest(Ev.Balance(customer, WholeWindow, "shortTermAssets", 300_000m));

        var c = await Read(customer);
        Assert.Equal(4050.00m, c.Dec("points"));
        Assert.Equal(4050.00m, c.GetProperty("breakdown").Dec("shortTermAssets"));
        Assert.Equal("5", c.Str("contributionStar"));
        Assert.Equal("5", c.Str("serviceStar"));
        Assert.Equal("6", c.GetProperty("nextStar").Str("star"));
        Assert.Equal(5950.00m, c.GetProperty("nextStar").Dec("pointsNeeded"));
    }

    [Fact]
    public async Task Example2_pos_spending_of_2000_earns_80_points_and_3_stars()
    {
        var customer = Ev.NewId("ex2");
        await Ingest(Ev.Fee(customer, LastMonth, "cardSpending", 2_000m));

        var c = await Read(customer);
        Assert.Equal(80.00m, c.Dec("points"));
        Assert.Equal(80.00m, c.GetProperty("breakdown").Dec("cardSpending"));
        Assert.Equal("3", c.Str("contributionStar"));
        Assert.Equal("3", c.Str("serviceStar"));
        Assert.Equal("4", c.GetProperty("nextStar").Str("star"));
        Assert.Equal(420.00m, c.GetProperty("nextStar").Dec("pointsNeeded"));
    }

    [Fact]
    public async Task Example3_mortgage_of_1000000_and_time_deposits_of_200000_earn_12000_points_and_6_stars()
    {
        var customer = Ev.NewId("ex3");
        await Ingest(
            Ev.Balance(customer, WholeWindow, "mortgage", 1_000_000m, accountId: "MORTGAGE-1"),
            Ev.Balance(customer, WholeWindow, "longTermAssets", 200_000m, accountId: "TIME-1"));

        var c = await Read(customer);
        Assert.Equal(12_000.00m, c.Dec("points"));
        Assert.Equal(10_000.00m, c.GetProperty("breakdown").Dec("mortgage"));
        Assert.Equal(2_000.00m, c.GetProperty("breakdown").Dec("longTermAssets"));
        Assert.Equal("6", c.Str("contributionStar"));
        Assert.Equal("6", c.Str("serviceStar"));
        Assert.Equal("7", c.GetProperty("nextStar").Str("star"));
        Assert.Equal(68_000.00m, c.GetProperty("nextStar").Dec("pointsNeeded"));
    }

    [Fact]
    public async Task Example4_a_fund_purchase_lifting_480_points_to_500_makes_the_service_star_4_at_once_while_the_contribution_star_stays_3()
    {
        var customer = Ev.NewId("ex4");
        // 48,000 CNY of time deposits for the whole window: 4.8 × 100 = 480 points.
        await Ingest(Ev.Balance(customer, WholeWindow, "longTermAssets", 48_000m));
        var before = await Read(customer);
        Assert.Equal(480.00m, before.Dec("points"));
        Assert.Equal("3", before.Str("contributionStar"));
        Assert.Equal("3", before.Str("serviceStar"));

        // A 1,000 CNY fund at full fee: 0.1 × 200 = +20 points.
        await Ingest(Ev.Fee(customer, Now.AddHours(-1), "investment", 1_000m));

        var after = await Read(customer);
        Assert.Equal(500.00m, after.Dec("points"));
        Assert.Equal(20.00m, after.GetProperty("breakdown").Dec("investment"));
        Assert.Equal("4", after.Str("serviceStar"));
        Assert.Equal("points", after.Str("serviceStarCause"));
        Assert.Equal("3", after.Str("contributionStar"));
        Assert.Equal("5", after.GetProperty("nextStar").Str("star"));
        Assert.Equal(1_500.00m, after.GetProperty("nextStar").Dec("pointsNeeded"));

        var history = await (await api.AsStaff("admin")).Get($"/api/v1/customers/{customer}/history");
        Assert.Equal(HttpStatusCode.OK, history.Status);
        var upgrade = history.Json.GetProperty("changes").EnumerateArray().Last();
        Assert.Equal("3", upgrade.Str("oldStar"));
        Assert.Equal("4", upgrade.Str("newStar"));
        Assert.Equal("points", upgrade.Str("cause"));
        Assert.Equal(500.00m, upgrade.Dec("points"));
    }

    [Fact]
    public async Task Example5_opening_a_gold_credit_card_at_40_points_makes_the_service_star_5_at_once_while_the_contribution_star_stays_quasi()
    {
        var customer = Ev.NewId("ex5");
        // 1,000 CNY of POS spending last month: 0.1 × 400 = 40 points.
        await Ingest(Ev.Fee(customer, LastMonth, "cardSpending", 1_000m));
        var before = await Read(customer);
        Assert.Equal(40.00m, before.Dec("points"));
        Assert.Equal("quasi", before.Str("contributionStar"));
        Assert.Equal("quasi", before.Str("serviceStar"));

        await Ingest(Ev.Product(customer, Now.AddHours(-1), "goldCreditCard"));

        var after = await Read(customer);
        Assert.Equal("5", after.Str("serviceStar"));
        Assert.Equal("product", after.Str("serviceStarCause"));
        Assert.Equal("quasi", after.Str("contributionStar"));
        Assert.Equal(40.00m, after.Dec("points"));
        Assert.Equal(["goldCreditCard"], after.GetProperty("products").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task Example6_183000_deposited_on_the_last_day_of_an_empty_window_adds_1000_to_the_daily_average_worth_13_5_points()
    {
        var customer = Ev.NewId("ex6");
        // Today (the window's last day), an hour ago: the current balance counts as today's end-of-day balance.
        await Ingest(Ev.Balance(customer, Now.AddHours(-1), "shortTermAssets", 183_000m));

        var c = await Read(customer);
        Assert.Equal(13.50m, c.Dec("points"));
        Assert.Equal(13.50m, c.GetProperty("breakdown").Dec("shortTermAssets"));
        Assert.Equal("unrated", c.Str("contributionStar")); // nothing before the last rating day
        Assert.Equal("quasi", c.Str("serviceStar"));
    }

    private async Task Ingest(params System.Text.Json.Nodes.JsonNode[] events)
    {
        var reply = await api.WithApiKey().PostEvents(events);
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
    }

    private async Task<System.Text.Json.JsonElement> Read(string customerId)
    {
        var reply = await (await api.AsStaff("admin")).GetCustomer(customerId);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.Equal(customerId, reply.Json.Str("customerId"));
        return reply.Json;
    }
}
