using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Reference;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Properties;

/// <summary>§3.2 over generated histories: with manual settings made, cleared and left to expire at random times
/// (across late events, rebuilds and rating days), the service star is the manual star while one is active and the
/// naive model's computed star otherwise; points and the contribution star never notice.</summary>
public sealed class ManualSettingInterplay
{
    public static TheoryData<int> Rows() => new(Enumerable.Range(0, 10));

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_service_star_is_the_active_manual_setting_else_the_computed_star(int row)
    {
        for (int seed = 3_000 + row * 10; seed < 3_000 + (row + 1) * 10; seed++)
        {
            var scenario = new ScenarioGenerator(seed).Generate();
            var naive = new NaiveStarModel(scenario.Options);
            var random = new Random(seed);
            var clock = new ManualClock(scenario.Start);
            var ledger = new CustomerLedger(scenario.Options, clock);
            (Star Star, DateTimeOffset? Expires)? manual = null;

            void Check(IReadOnlyList<CustomerEvent> delivered)
            {
                var expected = naive.Evaluate(delivered, clock.Now);
                if (manual is { } m && (m.Expires is null || clock.Now < m.Expires)) expected = expected with { ServiceStar = m.Star };
                StandingAssert.Matches(expected, ledger.Standing(), $"{scenario} with manual {manual}");
            }

            Replay.Run(ledger, clock, scenario.Batches, [], delivered =>
            {
                switch (random.Next(4))
                {
                    case 0:
                        var star = (Star)new[] { 0, 1, 3, 4, 5, 6, 7 }[random.Next(7)];
                        DateTimeOffset? expires = random.Next(3) == 0 ? null : clock.Now.AddMinutes(random.Next(1, 60 * 24 * 60));
                        ledger.SetManual(star, "generated", expires, "rm-test");
                        manual = (star, expires);
                        break;
                    case 1:
                        ledger.ClearManual("rm-test");
                        manual = null;
                        break;
                }
                Check(delivered);
            });
            clock.Set(scenario.End);
            Check([.. scenario.Delivered]);
        }
    }
}
