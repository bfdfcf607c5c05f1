using System.Net;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>star-model §2/§3: the contribution star moves only on a rating day. These tests move the clock, so they
/// run on a host of their own.</summary>
public sealed class RatingDayTests(CrmApiFactory api) : IClassFixture<CrmApiFactory>
{
    [Fact]
    public async Task Example4_continued_the_contribution_star_catches_up_with_the_service_star_on_the_next_rating_day()
    {
        var now = api.Clock.GetUtcNow();
        var customer = Ev.NewId("ex4");
        var ingest = await api.WithApiKey().PostEvents(
            Ev.Balance(customer, BankDates.LastRatingDay(now).AddDays(-200), "longTermAssets", 48_000m),
            Ev.Fee(customer, now.AddHours(-1), "investment", 1_000m));
        Assert.Equal(HttpStatusCode.Accepted, ingest.Status);
        var admin = await api.AsStaff("admin");

        var thisMonth = (await admin.GetCustomer(customer)).Json;
        Assert.Equal("3", thisMonth.Str("contributionStar"));
        Assert.Equal("4", thisMonth.Str("serviceStar"));

        api.Clock.SetNow(BankDates.NextRatingDay(now).AddHours(9));

        var nextMonth = (await admin.GetCustomer(customer)).Json;
        Assert.Equal("4", nextMonth.Str("contributionStar"));
        Assert.Equal("4", nextMonth.Str("serviceStar"));
        Assert.Equal(500.00m, nextMonth.Dec("points"));
        Assert.StartsWith("2026-12-01T09:", nextMonth.Str("asOf"));
        Assert.EndsWith("+08:00", nextMonth.Str("asOf"));
    }
}
