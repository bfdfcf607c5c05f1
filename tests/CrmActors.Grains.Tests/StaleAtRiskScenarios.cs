using CrmActors.Abstractions;
using CrmActors.Abstractions.Outlook;
using CrmActors.Grains.Customers;
using CrmActors.Scoring;

namespace CrmActors.Grains.Tests;

/// <summary>A large portfolio read after a rating day: its entries for that day are stale, leave the list, and their
/// customers are asked again through the silo's sweeper, a few at a time — not all activated at once. Own cluster: the
/// sweeper's high-water mark of calls in flight must be this scenario's alone.</summary>
public sealed class StaleAtRiskScenarios(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task Stale_entries_leave_the_list_and_their_customers_are_asked_again_a_few_at_a_time()
    {
        string manager = $"rm-stale-{Guid.NewGuid():N}"[..16];
        var portfolio = fixture.Client.GetGrain<IPortfolioGrain>(manager);
        var ids = Enumerable.Range(0, 120).Select(i => $"stale-{i:000}-{Guid.NewGuid():N}"[..20]).ToList();
        foreach (var id in ids)
            await portfolio.OutlookChanged(id, new AtRiskCustomer
            {
                ManagerId = manager, CustomerId = id, CurrentServiceStar = Star.Five, ProjectedServiceStar = Star.Four,
                NextRatingDay = new DateOnly(2026, 11, 1),   // the last rating day: passed (the clock is on 11 November)
                ProjectedPoints = 1_900m, PointsToKeep = 100m, AsOf = ClusterFixture.Start.AddDays(-11),
            });
        Assert.Equal(0, fixture.Sweeper.MostInFlight);

        var list = await portfolio.GetAtRisk();
        Assert.DoesNotContain(list.Customers, c => ids.Contains(c.CustomerId));

        // Every customer is asked (its grain activates for the refresh), never more than the sweeper's bound at once.
        var management = fixture.Client.GetGrain<IManagementGrain>(0);
        var type = ((GrainReference)fixture.Client.GetGrain<ICustomerGrain>("-")).GrainId.Type;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var active = (await management.GetActiveGrains(type)).Select(g => g.Key.ToString()).ToHashSet(StringComparer.Ordinal);
            int asked = ids.Count(active.Contains);
            if (asked == ids.Count) break;
            Assert.True(DateTime.UtcNow < deadline, $"{asked} of {ids.Count} customers asked again after 20 s");
            await Task.Delay(100);
        }
        Assert.InRange(fixture.Sweeper.MostInFlight, 1, CustomerSweeper.MaxSweepsInFlight);
    }
}
