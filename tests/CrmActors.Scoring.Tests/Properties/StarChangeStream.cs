using CrmActors.Scoring.Tests.Support;
using Xunit.Sdk;

namespace CrmActors.Scoring.Tests.Properties;

/// <summary>§3 last paragraph: every change of service star is an event with old and new star and time. Over a
/// whole generated history the reported changes form one unbroken chain — each starts where the previous ended,
/// none is a no-op, times never go back — and the chain ends at the service star the standing shows.</summary>
public sealed class StarChangeStream
{
    public static TheoryData<int> Rows() => new(Enumerable.Range(0, 10));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Reported_changes_chain_from_unrated_to_the_current_service_star(int row)
    {
        for (int seed = 2_000 + row * 10; seed < 2_000 + (row + 1) * 10; seed++)
        {
            var scenario = new ScenarioGenerator(seed).Generate();
            var clock = new ManualClock(scenario.Start);
            var ledger = new CustomerLedger(scenario.Options, clock);
            var changes = new List<StarChange>();
            var random = new Random(seed);
            foreach (var batch in scenario.Batches)
            {
                if (batch.CheckBefore is { } check && check >= clock.Now)
                {
                    clock.Set(check);
                    if (random.Next(2) == 0) changes.AddRange(ledger.Refresh());
                    else ledger.Standing();                          // its changes come with the next call
                }
                if (batch.At > clock.Now) clock.Set(batch.At);
                changes.AddRange(ledger.Apply(batch.Events).StarChanges);
            }
            clock.Set(scenario.End);
            changes.AddRange(ledger.Refresh());

            var star = Star.Unrated;
            var at = DateTimeOffset.MinValue;
            foreach (var change in changes)
            {
                if (change.OldStar != star || change.NewStar == change.OldStar || change.At < at || change.At > clock.Now)
                    throw new XunitException($"{scenario}: after {star} at {at:O} came {change}");
                (star, at) = (change.NewStar, change.At);
            }
            Assert.Equal(ledger.Standing().ServiceStar, star);
            Assert.Equal(star, ledger.AnnouncedServiceStar);
        }
    }
}
