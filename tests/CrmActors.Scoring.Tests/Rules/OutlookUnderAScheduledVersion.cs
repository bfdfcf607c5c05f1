using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Properties;
using CrmActors.Scoring.Tests.Reference;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Rules;

/// <summary>Issues 11 and 12 together: when a version is scheduled from the next rating day R, the tier outlook says
/// what R will bring under that version (the naive model under it), compared with the star held now under today's
/// version — and the customer, left alone until R, lands there. Without a version on R, the outlook is today's.</summary>
public sealed class OutlookUnderAScheduledVersion
{
    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 16));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_outlook_projects_under_the_version_in_force_on_the_next_rating_day(int seed)
    {
        var scenario = new ScenarioGenerator(seed).Generate();
        var calendar = new BankCalendar(scenario.Options);
        int r = calendar.NextRatingDayAfter(calendar.DayOf(scenario.End));
        var scheduled = new RuleSet
        {
            Version = "on-r", EffectiveFrom = BankCalendar.Date(r),
            Options = RuleSets.Random(new Random(seed * 17), scenario.Options, maxWindow: scenario.Options.WindowDays),
        };
        var published = RuleSet.Published(scenario.Options);
        var clock = new ManualClock(scenario.Start);
        var customer = new VersionedLedger(new RuleBook([published, scheduled]), clock);
        var alone = new VersionedLedger(new RuleBook([published]), clock);
        // The same version scheduled a rating day later: not in force on R, so R is projected under today's version.
        var afterR = new VersionedLedger(new RuleBook([published, scheduled with { EffectiveFrom = BankCalendar.Date(calendar.NextRatingDayAfter(r)) }]), clock);
        foreach (var batch in scenario.Batches)
        {
            if (batch.At > clock.Now) clock.Set(batch.At);
            customer.Apply([.. batch.Events]);
            alone.Apply([.. batch.Events]);
            afterR.Apply([.. batch.Events]);
        }
        clock.Set(scenario.End);
        string context = scenario.ToString();

        var outlook = customer.Outlook();
        Assert.Equal(BankCalendar.Date(r), outlook.NextRatingDay);
        Assert.Equal(customer.Standing().ServiceStar, outlook.CurrentServiceStar);
        var rStart = calendar.DayStart(r);
        var naive = new NaiveStarModel(scheduled.Options);
        Assert.Equal(naive.Evaluate(scenario.Delivered, rStart.AddTicks(-1)).Points, outlook.ProjectedPoints);
        Assert.Equal(naive.Evaluate(scenario.Delivered, rStart).ContributionStar, outlook.ProjectedContributionStar);
        Assert.Equal(outlook.ProjectedServiceStar < outlook.CurrentServiceStar, outlook.AtRisk);
        // With no version on R, the projection is today's: the two differ exactly where the versions do.
        var today = alone.Outlook();
        Assert.Equal(new NaiveStarModel(scenario.Options).Evaluate(scenario.Delivered, rStart).ContributionStar, today.ProjectedContributionStar);
        var later = afterR.Outlook();
        Assert.Equal((today.ProjectedPoints, today.ProjectedContributionStar, today.ProjectedServiceStar),
            (later.ProjectedPoints, later.ProjectedContributionStar, later.ProjectedServiceStar));

        clock.Set(rStart);
        var onR = customer.Standing();
        Assert.Equal("on-r", customer.Version.Version);
        Assert.True(outlook.ProjectedContributionStar == onR.ContributionStar, $"{context}: projected {outlook.ProjectedContributionStar}, on R {onR.ContributionStar}");
        Assert.True(outlook.ProjectedServiceStar == onR.ServiceStar || onR.Manual is not null, $"{context}: projected service {outlook.ProjectedServiceStar}, on R {onR.ServiceStar}");
    }
}
