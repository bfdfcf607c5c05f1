using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Reference;

namespace CrmActors.Scoring.Tests.Properties;

/// <summary>Guards the property tests' reach: the generated scenarios really contain the cases they are meant to
/// cover (late and duplicate arrivals, several events at one instant, 00:00 events, every star level, service star
/// above the contribution star). A generator change that quietly loses one of these fails here.</summary>
public sealed class GeneratorCoverage(ITestOutputHelper output)
{
    [Fact]
    public void The_generated_scenarios_cover_the_edges_the_rules_care_about()
    {
        var serviceStars = new HashSet<Star>();
        var contributionStars = new HashSet<Star>();
        int late = 0, duplicates = 0, sameInstant = 0, midnight = 0, serviceAbove = 0, products = 0, shortWindow = 0;
        for (int seed = 1; seed <= 300; seed++)
        {
            var scenario = new ScenarioGenerator(seed).Generate();
            var expected = new NaiveStarModel(scenario.Options).Evaluate(scenario.Delivered, scenario.End);
            serviceStars.Add(expected.ServiceStar);
            contributionStars.Add(expected.ContributionStar);
            if (expected.ServiceStar > expected.ContributionStar) serviceAbove++;
            if (scenario.Options.WindowDays != 183) shortWindow++;
            duplicates += scenario.Delivered.Count() - scenario.Events.Count;
            sameInstant += scenario.Events.Count - scenario.Events.Select(e => e.OccurredAt).Distinct().Count();
            midnight += scenario.Events.Count(e => e.OccurredAt.ToOffset(TimeSpan.FromHours(8)).TimeOfDay == TimeSpan.Zero);
            products += scenario.Events.Count(e => e is ProductChanged);
            var newest = DateTimeOffset.MinValue;
            foreach (var batch in scenario.Batches)
            {
                late += batch.Events.Count(e => e.OccurredAt < newest);
                var batchNewest = batch.Events.Max(e => e.OccurredAt);
                if (batchNewest > newest) newest = batchNewest;
            }
        }
        output.WriteLine($"late {late}, duplicates {duplicates}, same instant {sameInstant}, at 00:00 {midnight}, " +
                         $"products {products}, service > contribution {serviceAbove}, short window {shortWindow}; " +
                         $"service stars {string.Join(",", serviceStars.Order())}, contribution {string.Join(",", contributionStars.Order())}");

        Assert.True(late > 1000, $"late {late}");
        Assert.True(duplicates > 500, $"duplicates {duplicates}");
        Assert.True(sameInstant > 500, $"same instant {sameInstant}");
        Assert.True(midnight > 500, $"at 00:00 {midnight}");
        Assert.True(serviceAbove > 50, $"service > contribution {serviceAbove}");
        Assert.True(shortWindow > 20, $"short window {shortWindow}");
        Assert.Superset(new HashSet<Star> { Star.Quasi, Star.Three, Star.Four, Star.Five, Star.Six, Star.Seven }, serviceStars);
        Assert.Superset(new HashSet<Star> { Star.Quasi, Star.Three, Star.Four, Star.Five, Star.Six, Star.Seven }, contributionStars);
    }
}
