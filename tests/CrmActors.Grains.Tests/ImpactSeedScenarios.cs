using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Abstractions.Rules;
using CrmActors.Grains.Rules;
using CrmActors.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace CrmActors.Grains.Tests;

/// <summary>Issue 12: the impact of a proposed version counts customers nobody touches after the proposal (the seed over
/// the resident customers, as on the embedded default), exactly as the pure library computes them; and of two reports
/// of a customer the one further into the journal counts. Own cluster: it proposes a version.</summary>
public sealed class ImpactSeedScenarios(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static DateTimeOffset Bank(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, ClusterFixture.BankOffset);

    [Fact]
    public async Task Customers_untouched_since_the_proposal_are_counted_as_the_pure_library_computes_them()
    {
        // 25 customers with 0 … 240,000 CNY of card spending (0 … 9,600 points), seen before any version is proposed.
        var changes = Enumerable.Range(0, 25).Select(i => (CustomerChange)new EventFactory($"seed-{i:00}")
            .Fee(Bank(2026, 11, 5 + i % 5, 9), 1m + 10_000m * i)).ToArray();
        await fixture.Ingest(changes);

        var proposal = StarModelOptions.Default with
        {
            Rates = IndicatorRates.Published.With("cardSpending", 600m),
            Thresholds = StarThresholds.Published.With(Star.Six, 8_000m),
        };
        var store = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IRuleSets>();
        Assert.Equal(RuleSetWrite.Done, await store.ProposeAsync(new RuleSet { Version = "seed-x", Options = proposal },
            new DateOnly(2026, 11, 11), "admin", fixture.Clock.GetUtcNow(), default));
        await fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<RuleBookCache>().RefreshAsync(default);

        var expected = new Dictionary<(Star, Star), long>();
        foreach (var change in changes)
        {
            var now = Pure(StarModelOptions.Default, change);
            var under = Pure(proposal, change);
            var key = (now.ServiceStar, under.ServiceStar);
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }
        Assert.Contains(expected.Keys, k => k.Item1 != k.Item2);

        var impact = fixture.Client.GetGrain<IRuleImpactGrain>("seed-x");
        var seeded = await RuleVersionScenarios.Until(impact, i => i.Seed.State == ImpactSeedState.Complete, seconds: 20);
        Assert.Equal(ImpactSeedState.Complete, seeded.Seed.State);
        Assert.Equal(25L, seeded.Customers);
        Assert.Equal(expected, seeded.Transitions.ToDictionary(c => (c.From, c.To), c => c.Customers));
        var top = seeded.LargestMoves[0];
        var change0 = changes.Single(c => c.CustomerId == top.CustomerId);
        Assert.Equal((Pure(StarModelOptions.Default, change0).Points, Pure(proposal, change0).Points), (top.Points, top.ShadowPoints));

        // A report from further back in the journal (a seed that read before a delivery) changes nothing; one further
        // on moves the counts.
        var someone = seeded.LargestMoves[^1];
        var latest = new ImpactReport(someone.CustomerId, someone.From, someone.To, someone.Points, someone.ShadowPoints,
            new JournalPosition(ulong.MaxValue - 1, 0), fixture.Clock.GetUtcNow());
        await impact.Report(latest with { Shadow = Star.Seven });
        await impact.Report(latest with { Shadow = Star.Unrated, Applied = new JournalPosition(1, 0) });
        var after = await RuleVersionScenarios.Until(impact, i => i.Transitions.Any(c => c.To == Star.Seven), seconds: 20);
        Assert.Equal(1L, after.Transitions.Single(c => c.To == Star.Seven).Customers);
        Assert.DoesNotContain(after.Transitions, c => c.To == Star.Unrated && c.From != Star.Unrated);
        Assert.Equal(25L, after.Customers);
    }

    private static CustomerStanding Pure(StarModelOptions options, CustomerChange change)
    {
        var ledger = new CustomerLedger(options, Clock);
        ledger.Apply([change.ToDomain()]);
        return ledger.Standing();
    }

    private static TimeProvider Clock => new SteppingClock(ClusterFixture.Start);
}
