using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Properties;
using CrmActors.Scoring.Tests.Reference;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Rules;

/// <summary>Issue 12 against the naive reference model: a customer computed under any valid version, its shadow
/// under a proposed one, and a scheduled version coming into force on its rating day all equal the naive model under
/// the version that should be in force — whatever the arrival order, and after a restore or a rebuild.</summary>
public sealed class RuleVersionProperties
{
    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 24));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_ledger_under_a_changed_version_equals_the_naive_model_under_it(int seed)
    {
        var scenario = new ScenarioGenerator(seed).Generate();
        var options = RuleSets.Random(new Random(seed), scenario.Options, maxWindow: scenario.Options.WindowDays);
        var clock = new ManualClock(scenario.Start);
        var ledger = new CustomerLedger(options, clock);
        Replay.Run(ledger, clock, scenario.Batches, []);
        clock.Set(scenario.End);
        StandingAssert.Matches(new NaiveStarModel(options).Evaluate(scenario.Delivered, clock.Now), ledger.Standing(), scenario.ToString());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_shadow_of_a_version_proposed_mid_way_equals_the_naive_model_under_it(int seed)
    {
        var scenario = new ScenarioGenerator(seed).Generate();
        var proposed = new RuleSet
        {
            Version = "proposal", Options = RuleSets.Random(new Random(seed * 7), scenario.Options, scenario.Options.WindowDays),
        };
        var published = RuleSet.Published(scenario.Options);
        var clock = new ManualClock(scenario.Start);
        var customer = new VersionedLedger(new RuleBook([published]), clock);
        int half = scenario.Batches.Count / 2;
        foreach (var (batch, i) in scenario.Batches.Select((b, i) => (b, i)))
        {
            if (i == half) customer.Use(new RuleBook([published, proposed]));
            if (batch.At > clock.Now) clock.Set(batch.At);
            customer.Apply([.. batch.Events]);
            if (i == half) Assert.NotNull(customer.ShadowStanding());
        }
        clock.Set(scenario.End);
        var shadow = customer.ShadowStanding()!.Value;
        Assert.Equal("proposal", shadow.Version.Version);
        StandingAssert.Matches(new NaiveStarModel(proposed.Options).Evaluate(scenario.Delivered, clock.Now), shadow.Standing, $"shadow, {scenario}");
        StandingAssert.Matches(new NaiveStarModel(scenario.Options).Evaluate(scenario.Delivered, clock.Now), customer.Standing(), $"in force, {scenario}");
        Assert.Equal(RuleSet.PublishedVersion, customer.Version.Version);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void On_its_rating_day_a_scheduled_version_is_in_force_and_a_restore_or_rebuild_agrees(int seed)
    {
        var scenario = new ScenarioGenerator(seed).Generate();
        var calendar = new BankCalendar(scenario.Options);
        // A rating day two thirds into the scenario: the new version is in force from it on.
        int effectiveDay = calendar.RatingDayOnOrBefore(calendar.DayOf(scenario.Start.AddDays((scenario.End - scenario.Start).TotalDays * 2 / 3)));
        var effective = calendar.DayStart(effectiveDay);
        var scheduled = new RuleSet
        {
            Version = "2027-01", EffectiveFrom = BankCalendar.Date(effectiveDay),
            Options = RuleSets.Random(new Random(seed * 13), scenario.Options, maxWindow: 365),
        };
        var book = new RuleBook([RuleSet.Published(scenario.Options), scheduled]);
        var clock = new ManualClock(scenario.Start);
        var live = new VersionedLedger(book, clock);
        byte[]? beforeEffective = null;
        var afterSnapshot = new List<CustomerEvent>();
        var changes = new List<StarChange>();
        foreach (var batch in scenario.Batches)
        {
            if (beforeEffective is null && batch.At >= effective)
            {
                // The last moment before the rating day: what a node would have snapshotted.
                clock.Set(effective.AddTicks(-1));
                changes.AddRange(live.Refresh());
                beforeEffective = live.ToSnapshot();
            }
            if (batch.At > clock.Now) clock.Set(batch.At);
            changes.AddRange(live.Apply([.. batch.Events]).StarChanges);
            if (beforeEffective is not null) afterSnapshot.AddRange(batch.Events);
        }
        clock.Set(scenario.End);
        changes.AddRange(live.Refresh());
        Assert.NotNull(beforeEffective);

        var expected = new NaiveStarModel(scheduled.Options).Evaluate(scenario.Delivered, clock.Now);
        StandingAssert.Matches(expected, live.Standing(), $"live across the rating day, {scenario}");
        Assert.Equal("2027-01", live.Version.Version);

        // Restored from the snapshot written before that day, then given what came after.
        var restoredClock = new ManualClock(effective.AddTicks(-1));
        var restored = new VersionedLedger(book, restoredClock, beforeEffective);
        restored.Refresh();
        restoredClock.Set(scenario.End);
        restored.Apply([.. afterSnapshot]);
        StandingAssert.Same(live.Standing(), restored.Standing(), $"restored, {scenario}");

        // Rebuilt from every event at once after the day (a replay of the journal on another node).
        var rebuilt = new VersionedLedger(book, new ManualClock(scenario.End));
        rebuilt.Apply([.. scenario.Delivered]);
        StandingAssert.Same(live.Standing(), rebuilt.Standing(), $"rebuilt, {scenario}");

        // Each change says the version it was computed under: the published one before the day, the new one after.
        Assert.All(changes, c => Assert.Equal(c.At < effective ? RuleSet.PublishedVersion : "2027-01", c.RuleVersion));
    }
}
