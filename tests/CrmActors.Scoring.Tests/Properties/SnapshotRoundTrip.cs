using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Reference;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Properties;

/// <summary>A ledger restored with ToSnapshot/FromSnapshot is the same customer: the same standing as the original
/// at once, and again after both receive the rest of the history (and both still equal the naive model).</summary>
public sealed class SnapshotRoundTrip
{
    public static TheoryData<int> Rows() => new(Enumerable.Range(0, 10));

    [Theory]
    [MemberData(nameof(Rows))]
    public void A_restored_ledger_has_the_same_standing_before_and_after_more_events(int row)
    {
        for (int seed = 1_000 + row * 10; seed < 1_000 + (row + 1) * 10; seed++)
        {
            var scenario = new ScenarioGenerator(seed).Generate();
            int split = new Random(seed).Next(scenario.Batches.Count + 1);

            var clock = new ManualClock(scenario.Start);
            var original = new CustomerLedger(scenario.Options, clock);
            var delivered = new List<CustomerEvent>();
            Replay.Run(original, clock, scenario.Batches.Take(split), delivered);

            byte[] snapshot = original.ToSnapshot();
            var restoredClock = new ManualClock(clock.Now);
            var restored = CustomerLedger.FromSnapshot(snapshot, scenario.Options, restoredClock);
            // The codec alone: a restored ledger writes back the very same bytes before it is used.
            Assert.Equal(snapshot, restored.ToSnapshot());
            StandingAssert.Same(original.Standing(), restored.Standing(), $"{scenario}, restored after {split} batches");

            var rest = scenario.Batches.Skip(split).ToList();
            Replay.Run(original, clock, rest, [.. delivered]);
            Replay.Run(restored, restoredClock, rest, delivered);
            clock.Set(scenario.End);
            restoredClock.Set(scenario.End);
            var expected = original.Standing();
            StandingAssert.Same(expected, restored.Standing(), $"{scenario}, after the rest");
            StandingAssert.Matches(new NaiveStarModel(scenario.Options).Evaluate(delivered, scenario.End), expected,
                scenario.ToString());
        }
    }

    [Fact]
    public void Manual_setting_profile_and_visits_survive_a_round_trip()
    {
        var now = Bank.At(2026, 6, 15, 10, 0);
        var clock = new ManualClock(now);
        var ledger = Bank.Ledger(clock);
        var events = new EventFactory();
        ledger.Apply(
            events.Balance(Bank.At(2025, 9, 1), 300_000m),
            new ProfileUpdated(events.NextId(), now.AddDays(-3), "BR-0101", "rm-001", "张三"),
            new BranchVisited(events.NextId(), now.AddHours(-1), "BR-0101", VisitChannel.Kiosk));
        ledger.SetManual(Star.Seven, "campaign", now.AddDays(7), "rm-001");

        var restored = CustomerLedger.FromSnapshot(ledger.ToSnapshot(), Bank.Options(), clock);

        Assert.Equal(ledger.Manual, restored.Manual);
        Assert.Equal(ledger.Profile, restored.Profile);
        Assert.Equal(ledger.RecentVisits, restored.RecentVisits);
        Assert.Equal(ledger.VisitedBranches, restored.VisitedBranches);
        Assert.Equal(ledger.AnnouncedServiceStar, restored.AnnouncedServiceStar);
        Assert.True(restored.HasHistory);
        StandingAssert.Same(ledger.Standing(), restored.Standing(), "restored with a manual setting");

        clock.Set(now.AddDays(8));                                   // the manual setting expires in both
        var change = Assert.Single(restored.Refresh());
        Assert.Equal((Star.Seven, Star.Five, StarChangeCause.Manual), (change.OldStar, change.NewStar, change.Cause));
        StandingAssert.Same(ledger.Standing(), restored.Standing(), "after the manual setting expired");
    }
}
