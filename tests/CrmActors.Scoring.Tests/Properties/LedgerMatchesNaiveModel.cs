using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Reference;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Properties;

/// <summary>
/// The main property: whatever a customer's history and however it arrives — late, in bulk, twice, several events at
/// one instant, across day ends, rating days and the window edge — the ledger's standing equals the naive reference
/// model's, exactly (§1 points and breakdown, §2 contribution star, §3 service star and its arrival-order Decision).
/// </summary>
public sealed class LedgerMatchesNaiveModel(ITestOutputHelper output)
{
    private const int SeedsPerRow = 10;

    public static TheoryData<int> Rows() => new(Enumerable.Range(0, 30));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Standing_after_arrival_order_replay_equals_the_naive_model(int row)
    {
        for (int seed = row * SeedsPerRow + 1; seed <= (row + 1) * SeedsPerRow; seed++)
            Check(seed);
    }

    private void Check(int seed)
    {
        var scenario = new ScenarioGenerator(seed).Generate();
        var naive = new NaiveStarModel(scenario.Options);
        var clock = new ManualClock(scenario.Start);
        var ledger = new CustomerLedger(scenario.Options, clock);
        int looks = 0;

        Replay.Run(ledger, clock, scenario.Batches, [], delivered =>
        {
            // Between arrivals: sometimes only bring the ledger to now, sometimes compare with the reference.
            if (looks++ % 2 == 0) ledger.Refresh();
            else StandingAssert.Matches(naive.Evaluate(delivered, clock.Now), ledger.Standing(), $"{scenario} (mid-way)");
        });

        clock.Set(scenario.End);
        var expected = naive.Evaluate(scenario.Delivered, clock.Now);
        StandingAssert.Matches(expected, ledger.Standing(), scenario.ToString());
        if (seed % 50 == 0)
            output.WriteLine($"{scenario}: points {expected.Points:F2}, contribution {expected.ContributionStar}, " +
                             $"service {expected.ServiceStar}");
    }
}
