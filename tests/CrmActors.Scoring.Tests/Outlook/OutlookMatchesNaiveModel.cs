using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Properties;
using CrmActors.Scoring.Tests.Reference;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Outlook;

/// <summary>
/// The outlook against the naive reference model (docs/contract-extension-outlook.md): for generated histories, the
/// projected points are the naive model's points at the last instant before the next rating day R with nothing more
/// happening, the projected contribution star is its contribution star on R, every lift option added now reaches the
/// target star on R and one cent less does not; and the ledger itself, left alone until R, lands where the outlook said.
/// </summary>
public sealed class OutlookMatchesNaiveModel
{
    public static TheoryData<int> Rows() => new(Enumerable.Range(0, 8));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Outlook_at_the_end_of_a_generated_history_equals_the_naive_model_on_the_next_rating_day(int row)
    {
        for (int seed = 7_000 + row * 6; seed < 7_000 + (row + 1) * 6; seed++) Check(seed);
    }

    private static void Check(int seed)
    {
        var scenario = new ScenarioGenerator(seed).Generate();
        var naive = new NaiveStarModel(scenario.Options);
        var clock = new ManualClock(scenario.Start);
        var ledger = new CustomerLedger(scenario.Options, clock);
        var delivered = new List<CustomerEvent>();
        Replay.Run(ledger, clock, scenario.Batches, delivered);
        clock.Set(scenario.End);

        var outlook = ledger.Outlook();
        var standing = ledger.Standing();
        string context = scenario.ToString();

        // R found the naive way: walk forward a day at a time to the (clamped) rating day.
        var zone = scenario.Options.BankTimeZone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.Now, zone).DateTime);
        var r = today.AddDays(1);
        while (r.Day != Math.Min(scenario.Options.RatingDayOfMonth, DateTime.DaysInMonth(r.Year, r.Month))) r = r.AddDays(1);
        Assert.Equal(r, outlook.NextRatingDay);
        var rStart = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(r.ToDateTime(TimeOnly.MinValue), zone), TimeSpan.Zero);

        var before = naive.Evaluate(delivered, rStart.AddTicks(-1));
        Assert.True(before.Breakdown.SequenceEqual(StandingAssert.Values(outlook.ProjectedBreakdown)),
            $"{context}: breakdown {string.Join(",", StandingAssert.Values(outlook.ProjectedBreakdown))} vs naive {string.Join(",", before.Breakdown)}");
        Assert.Equal(before.Points, outlook.ProjectedPoints);
        var onR = naive.Evaluate(delivered, rStart);
        Assert.Equal(onR.ContributionStar, outlook.ProjectedContributionStar);
        var floor = standing.Products.Select(StarScale.Floor).DefaultIfEmpty(Star.Unrated).Max();
        Assert.Equal(StarScale.Max(onR.ContributionStar, floor), outlook.ProjectedServiceStar);
        Assert.Equal(standing.ServiceStar, outlook.CurrentServiceStar);
        Assert.Equal(outlook.ProjectedServiceStar < standing.ServiceStar, outlook.AtRisk);
        if (outlook.AtRisk)
        {
            var keep = StarScale.Threshold(standing.ServiceStar) is { } t ? t - before.Points : 0.01m;
            Assert.True(Math.Abs(keep - outlook.PointsToKeep) < 1e-20m, $"{context}: pointsToKeep {outlook.PointsToKeep}, expected {keep}");
        }
        else Assert.Equal(0m, outlook.PointsToKeep);

        CheckLiftOptions(naive, delivered, clock.Now, rStart, outlook, context);

        // The ledger itself, left alone until R, rates the customer as projected.
        clock.Set(rStart.AddSeconds(1));
        var atR = ledger.Standing();
        Assert.Equal(outlook.ProjectedContributionStar, atR.ContributionStar);
        // The service star on R can only be higher: R's own first moment may lift it (§3.1 Decision, real-time points).
        Assert.True(atR.ServiceStar >= outlook.ProjectedServiceStar, $"{context}: service star on R {atR.ServiceStar} < projected {outlook.ProjectedServiceStar}");
    }

    private static void CheckLiftOptions(NaiveStarModel naive, List<CustomerEvent> delivered, DateTimeOffset now,
        DateTimeOffset rStart, TierOutlook outlook, string context)
    {
        var target = StarScale.Next(outlook.CurrentServiceStar);
        bool reachedAlready = target is { } star && outlook.ProjectedContributionStar >= star;
        if (target is null || reachedAlready)
        {
            Assert.Empty(outlook.LiftOptions);
            return;
        }
        // With the default window every indicator can lift before R: today is always inside the window ending R−1.
        Assert.Equal(8, outlook.LiftOptions.Count);
        Assert.True(outlook.LiftOptions.Select(o => o.Amount).SequenceEqual(outlook.LiftOptions.Select(o => o.Amount).Order()));
        foreach (var option in outlook.LiftOptions)
        {
            Assert.Equal(target, option.Star);
            Assert.Equal(option.Amount, decimal.Round(option.Amount, 2));
            Assert.True(Reaches(option.Amount), $"{context}: {option.Indicator} {option.Amount} does not reach {target}");
            if (option.Amount > 0.01m)
                Assert.False(Reaches(option.Amount - 0.01m), $"{context}: {option.Indicator} {option.Amount - 0.01m} already reaches {target}");

            bool Reaches(decimal amount)
            {
                CustomerEvent added = option.Indicator.IsBalance()
                    ? new BalanceReported("lift", now, "LIFT-ACCOUNT", (BalanceIndicator)(byte)option.Indicator, amount)
                    : new FeeBusinessTransacted("lift", now, (FeeBusinessType)((byte)option.Indicator - 5), amount, null, 1m);
                return naive.Evaluate([.. delivered, added], rStart).ContributionStar >= target;
            }
        }
    }
}
