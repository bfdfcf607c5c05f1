using CrmActors.Scoring;
using CrmActors.Simulator.Generation;
using CrmActors.Simulator.Oracle;

namespace CrmActors.Simulator.Tests;

/// <summary>The bank looks like a real one to the star model: most customers unrated to 3 stars, a few at 6–7.</summary>
public sealed class DistributionTests
{
    private static readonly Lazy<BankStats> Stats = new(() => BankStats.Of(new BankGenerator(new BankOptions
    {
        Customers = 20_000,
        Seed = 2026,
        AsOf = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8)),
    })));

    [Fact]
    public void Most_customers_are_unrated_to_three_stars_and_few_are_six_or_seven()
    {
        var s = Stats.Value;
        Assert.Equal(20_000, s.Customers);
        double upToThree = s.ServiceShare(x => x <= Star.Three), sixSeven = s.ServiceShare(x => x >= Star.Six);
        Assert.True(upToThree >= 0.60, $"service star unrated–3: {upToThree:P1}, expected ≥ 60 %");
        Assert.True(sixSeven <= 0.05, $"service star 6–7: {sixSeven:P1}, expected ≤ 5 %");
        Assert.True(sixSeven >= 0.003, $"service star 6–7: {sixSeven:P2}, expected some (≥ 0.3 %)");
        Assert.True(s.ContributionShare(x => x <= Star.Three) >= 0.60);
        Assert.True(s.ContributionShare(x => x >= Star.Six) is >= 0.003 and <= 0.05);
    }

    [Fact]
    public void Every_level_is_present_and_the_pyramid_narrows_from_three_stars_up()
    {
        var s = Stats.Value;
        Assert.All(BankStats.Levels, level => Assert.True(s.ServiceStars[level] > 0, $"no customer at {level.ToWire()}"));
        Assert.True(s.ServiceStars[Star.Three] > s.ServiceStars[Star.Four]);
        Assert.True(s.ServiceStars[Star.Four] > s.ServiceStars[Star.Five]);
        Assert.True(s.ServiceStars[Star.Five] > s.ServiceStars[Star.Six]);
        Assert.True(s.ServiceStars[Star.Six] > s.ServiceStars[Star.Seven]);
        // A long tail: the richest customers hold far more points than the median one.
        Assert.True(s.PointsAt(0.999) > 100 * s.PointsAt(0.5), $"p99.9 {s.PointsAt(0.999)} vs p50 {s.PointsAt(0.5)}");
    }

    [Fact]
    public void The_event_mix_is_the_documented_one()
    {
        var s = Stats.Value;
        double Share(string kind) => s.EventMix.GetValueOrDefault(kind) / (double)s.Events;
        // README "Event mix": card payments and balance updates dominate; every kind is there.
        Assert.InRange(Share("feeBusiness/cardSpending"), 0.35, 0.60);
        Assert.InRange(Share("balance/shortTermAssets"), 0.25, 0.45);
        Assert.All(new[] { "balance/longTermAssets", "balance/mortgage", "balance/otherLoans", "balance/cardOverdraft",
                           "feeBusiness/investment", "feeBusiness/settlement", "product/opened", "product/closed",
                           "branchVisit", "profile" },
            kind => Assert.True(s.EventMix.GetValueOrDefault(kind) > 0, $"no {kind} events"));
        Assert.InRange(s.MeanEventsPerCustomer, 20, 40);
    }
}
