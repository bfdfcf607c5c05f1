using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Reference;
using CrmActors.Scoring.Tests.Support;
using FsCheck.Xunit;

namespace CrmActors.Scoring.Tests.Properties;

/// <summary>§3 Decision (arrival order): "the stars never depend on arrival order". The same event set, delivered in
/// another order and split into other batches, gives the same standing — points, breakdown, both stars and the
/// service star's cause — as the arrival-order replay. FsCheck draws the scenario and the reshuffle (sizes up to
/// 10⁶, so its seeds spread well beyond the main property's 1–300).</summary>
public sealed class ArrivalOrderIndependence
{
    [Property(MaxTest = 80, StartSize = 1_000, EndSize = 1_000_000)]
    public void All_at_once_in_any_order_and_batching_gives_the_same_standing(int scenarioSeed, int shuffleSeed)
    {
        var scenario = new ScenarioGenerator(scenarioSeed & 0xFFFFF).Generate();
        var reference = ReplayInArrivalOrder(scenario);

        // Everything arrives at the end, shuffled (duplicates included), in random batches.
        var random = new Random(shuffleSeed);
        var clock = new ManualClock(scenario.End);
        var ledger = new CustomerLedger(scenario.Options, clock);
        foreach (var batch in RandomBatches(Shuffle(scenario.Delivered, random), random)) ledger.Apply(batch);

        StandingAssert.Same(reference, ledger.Standing(), $"{scenario}, shuffled all at once with seed {shuffleSeed}");
    }

    [Property(MaxTest = 80, StartSize = 1_000, EndSize = 1_000_000)]
    public void Another_arrival_schedule_gives_the_same_standing(int scenarioSeed, int scheduleSeed)
    {
        var scenario = new ScenarioGenerator(scenarioSeed & 0xFFFFF).Generate();
        var reference = ReplayInArrivalOrder(scenario);

        // Each event arrives again at its own random delay (up to 90 days, never after the end), in other batches,
        // with the clock moving through the year.
        var random = new Random(scheduleSeed);
        var schedule = scenario.Events
            .Select(e => (At: Min(e.OccurredAt.AddMinutes(random.Next(90 * 24 * 60)), scenario.End), Event: e))
            .OrderBy(d => d.At)
            .ToList();
        var clock = new ManualClock(scenario.Start);
        var ledger = new CustomerLedger(scenario.Options, clock);
        for (int i = 0; i < schedule.Count;)
        {
            int size = Math.Min(schedule.Count - i, random.Next(1, 6));
            clock.Set(schedule[i + size - 1].At);
            ledger.Apply(schedule.Skip(i).Take(size).Select(d => d.Event).ToList());
            i += size;
        }
        clock.Set(scenario.End);

        StandingAssert.Same(reference, ledger.Standing(), $"{scenario}, rescheduled with seed {scheduleSeed}");
    }

    [Fact]
    public void The_arrival_order_replay_itself_matches_the_naive_model_for_the_fscheck_scenarios()
    {
        // The two properties compare ledgers with each other; this ties their reference to the spec for a sample.
        foreach (int seed in new[] { 0, 1, 17, 4242, 99_999, 0xFFFFF })
        {
            var scenario = new ScenarioGenerator(seed).Generate();
            StandingAssert.Matches(new NaiveStarModel(scenario.Options).Evaluate(scenario.Delivered, scenario.End),
                ReplayInArrivalOrder(scenario), scenario.ToString());
        }
    }

    private static CustomerStanding ReplayInArrivalOrder(Scenario scenario)
    {
        var clock = new ManualClock(scenario.Start);
        var ledger = new CustomerLedger(scenario.Options, clock);
        Replay.Run(ledger, clock, scenario.Batches, []);
        clock.Set(scenario.End);
        return ledger.Standing();
    }

    private static List<CustomerEvent> Shuffle(IEnumerable<CustomerEvent> events, Random random)
    {
        var list = events.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    private static IEnumerable<List<CustomerEvent>> RandomBatches(List<CustomerEvent> events, Random random)
    {
        for (int i = 0; i < events.Count;)
        {
            int size = Math.Min(events.Count - i, random.Next(1, 8));
            yield return events.GetRange(i, size);
            i += size;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;
}
