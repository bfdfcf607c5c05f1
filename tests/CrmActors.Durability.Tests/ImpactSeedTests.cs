using CrmActors.Abstractions.Rules;
using CrmActors.Durability.Tests.Support;
using CrmActors.Grains.Rules;
using CrmActors.Persistence.Journal;
using CrmActors.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace CrmActors.Durability.Tests;

/// <summary>Issue 12: a proposed version's impact counts every customer of a durable cluster — customers no silo holds,
/// customers whose last changes are only in the journal (their stored state lags) — exactly as the pure library
/// computes them under both versions, with no customer touched after the proposal; and a lost impact activation
/// (a silo restart) counts them all again on its own.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class ImpactSeedTests(DurabilityFixture fixture)
{
    [Fact]
    public async Task The_impact_counts_every_customer_resident_or_not_as_the_pure_library_does_and_refills_after_a_restart()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        var stream = EventStream.Generate($"i{Guid.NewGuid():N}"[..7], customers: 60, events: 2_400, seed: 41, DateTimeOffset.UtcNow);
        // Quiet ones: their changes are all in the first half and their stored state has them (deactivated below).
        var quiet = stream.Customers.Take(30).ToHashSet(StringComparer.Ordinal);
        var first = stream.Events.Where((e, i) => quiet.Contains(e.CustomerId) || i % 2 == 0).ToArray();
        var second = stream.Events.Except(first).ToArray();
        Assert.NotEmpty(second);

        var silo = await SiloHost.StartAsync(cs);
        try
        {
            foreach (var chunk in first.Chunk(300)) await journal.AppendAsync(chunk, default);
            await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(1));
            foreach (var id in stream.Customers)
                await JournalReaderTests.DeactivateAsync(silo, silo.Grains.GetGrain<CrmActors.Abstractions.ICustomerGrain>(id));
            // The busy half gets more: applied by resident grains, in the journal, not in their stored state (the
            // snapshot period is five minutes).
            foreach (var chunk in second.Chunk(300)) await journal.AppendAsync(chunk, default);
            await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(1));

            // Every rate halved: points halve, and stars fall where a threshold lies between.
            var rates = IndicatorRates.Published;
            foreach (var name in IndicatorRates.Names) rates = rates.With(name, rates[name] / 2);
            var proposal = StarModelOptions.Default with { Rates = rates };
            var store = silo.Host.Services.GetRequiredService<IRuleSets>();
            Assert.Equal(RuleSetWrite.Done, await store.ProposeAsync(new RuleSet { Version = "seeded", Options = proposal },
                DateOnly.FromDateTime(DateTime.UtcNow), "admin", DateTimeOffset.UtcNow, default));
            await silo.Host.Services.GetRequiredService<RuleBookCache>().RefreshAsync(default);

            var now = Oracle.Expected(stream.Events);
            var under = Oracle.Expected(stream.Events, options: proposal);
            var expected = stream.Customers.GroupBy(id => (now[id].ServiceStar, under[id].ServiceStar))
                .ToDictionary(g => g.Key, g => (long)g.Count());
            Assert.Contains(expected.Keys, k => k.Item1 != k.Item2);   // the proposal moves someone
            // Stored states alone (the first half) would count differently: the journal after them must be read.
            var (nowStored, underStored) = (Oracle.Expected(first), Oracle.Expected(first, options: proposal));
            Assert.NotEqual(expected, stream.Customers.GroupBy(id => (nowStored[id].ServiceStar, underStored[id].ServiceStar))
                .ToDictionary(g => g.Key, g => (long)g.Count()));

            var impact = await Seeded(silo, "seeded");
            Assert.Equal(60L, impact.Customers);
            Assert.Equal(60L, impact.Seed.Customers);
            Assert.Equal(expected, impact.Transitions.ToDictionary(c => (c.From.ToWire(), c.To.ToWire()), c => c.Customers));
            foreach (var move in impact.LargestMoves)
            {
                Assert.Equal(now[move.CustomerId].Points, Oracle.Round(move.Points));
                Assert.Equal(under[move.CustomerId].Points, Oracle.Round(move.ShadowPoints));
            }

            // A restart loses the impact's counts with its activation: the next read seeds them again, now from
            // stored states alone (the shutdown wrote them), and finds the same.
            await silo.DisposeAsync();
            silo = await SiloHost.StartAsync(cs);
            var again = await Seeded(silo, "seeded");
            Assert.Equal(60L, again.Customers);
            Assert.Equal(expected, again.Transitions.ToDictionary(c => (c.From.ToWire(), c.To.ToWire()), c => c.Customers));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static async Task<RuleImpact> Seeded(SiloHost silo, string version)
    {
        var impact = silo.Grains.GetGrain<IRuleImpactGrain>(version);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var now = await impact.GetImpact();
            if (now.Seed.State == ImpactSeedState.Complete) return now;
            Assert.True(DateTime.UtcNow < deadline, $"the seed did not complete within a minute: {now.Seed}");
            await Task.Delay(100);
        }
    }
}
