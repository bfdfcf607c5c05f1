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
            // First a poison change for one of them (appended past the API's door): its grain sets it aside; the seed
            // must leave it out alike and still count what comes after it in that customer's journal.
            // Every rate halved: points halve, and stars fall where a threshold lies between.
            var rates = IndicatorRates.Published;
            foreach (var name in IndicatorRates.Names) rates = rates.With(name, rates[name] / 2);
            var proposal = StarModelOptions.Default with { Rates = rates };
            var now = Oracle.Expected(stream.Events);
            var under = Oracle.Expected(stream.Events, options: proposal);
            // One who moves, if any: movers are listed with their points, so a seed that lost this tail would show.
            var busy = second.Select(e => e.CustomerId).Distinct().FirstOrDefault(id => now[id].ServiceStar != under[id].ServiceStar)
                ?? second[^1].CustomerId;
            await journal.AppendAsync([new Abstractions.Changes.BalanceEvent
            {
                CustomerId = busy, Producer = EventStream.Producer, ChangeId = $"{busy}:poison", OccurredAt = DateTimeOffset.UtcNow.AddDays(-1),
                AccountId = "POISON", Indicator = BalanceIndicator.ShortTermAssets, Balance = 10_000_000_000_000m,
            }], default);
            foreach (var chunk in second.Chunk(300)) await journal.AppendAsync(chunk, default);
            await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(1));
            Assert.Equal(1L, await SharedPostgres.ScalarAsync<long>(cs, $"SELECT count(*) FROM crm_dead_letters WHERE customer_id = '{busy}'"));

            var store = silo.Host.Services.GetRequiredService<IRuleSets>();
            Assert.Equal(RuleSetWrite.Done, await store.ProposeAsync(new RuleSet { Version = "seeded", Options = proposal },
                DateOnly.FromDateTime(DateTime.UtcNow), "admin", DateTimeOffset.UtcNow, default));
            await silo.Host.Services.GetRequiredService<RuleBookCache>().RefreshAsync(default);

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

    [Fact]
    public async Task A_seed_cut_off_by_a_database_crash_is_tried_again_and_counts_every_customer_exactly_once()
    {
        await using var postgres = await OwnPostgres.StartAsync();
        var cs = postgres.ConnectionString;
        var silo = await SiloHost.StartAsync(cs);
        try
        {
            // 150,000 stored customers (30 distinct six-month ledgers): a seed of several seconds, long enough to cut.
            const int customers = 150_000, templates = 30;
            var clock = TimeProvider.System;
            var ledgers = Enumerable.Range(0, templates).Select(t => Template(t, clock)).ToArray();
            await WriteStates(cs, silo.Host.Services.GetRequiredService<Orleans.Serialization.Serializer>(), ledgers, customers);

            var proposal = StarModelOptions.Default with { Rates = IndicatorRates.Published.With("cardSpending", 1_000m) };
            var expected = new Dictionary<(Star, Star), long>();
            for (int i = 0; i < customers; i++)
            {
                var snapshot = ledgers[i % templates];
                var key = (CustomerLedger.FromSnapshot(snapshot, StarModelOptions.Default, clock).Standing().ServiceStar,
                    CustomerLedger.FromSnapshot(snapshot, proposal, clock).Standing().ServiceStar);
                expected[key] = expected.GetValueOrDefault(key) + 1;
            }
            Assert.Contains(expected.Keys, k => k.Item1 != k.Item2);

            var store = silo.Host.Services.GetRequiredService<IRuleSets>();
            Assert.Equal(RuleSetWrite.Done, await store.ProposeAsync(new RuleSet { Version = "cut", Options = proposal },
                DateOnly.FromDateTime(DateTime.UtcNow), "admin", DateTimeOffset.UtcNow, default));
            await silo.Host.Services.GetRequiredService<RuleBookCache>().RefreshAsync(default);
            var impact = silo.Grains.GetGrain<IRuleImpactGrain>("cut");

            // Cut the database once the seed has counted some customers and before it is done.
            RuleImpact progress;
            var started = DateTime.UtcNow;
            while ((progress = await impact.GetImpact()).Seed.Customers == 0)
            {
                Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(1), $"the seed counted nobody within a minute: {progress.Seed}");
                await Task.Delay(20);
            }
            Assert.Equal(ImpactSeedState.Running, progress.Seed.State);
            await postgres.StopImmediatelyAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await postgres.StartAgainAsync();

            var done = await Seeded(silo, "cut", TimeSpan.FromMinutes(2));
            // Completed by a seed started after the cut one: the cut one failed and was tried again.
            Assert.True(done.Seed.StartedAt > progress.Seed.StartedAt, $"the seed that completed is the one cut: {done.Seed}");
            Assert.Equal((long)customers, done.Customers);
            Assert.Equal((long)customers, done.Seed.Customers);
            Assert.Equal(expected, done.Transitions.ToDictionary(c => (c.From, c.To), c => c.Customers));
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private static byte[] Template(int t, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var ledger = new CustomerLedger(StarModelOptions.Default, clock);
        var events = new List<Scoring.Events.CustomerEvent>();
        for (int i = 0; i < 30; i++)
        {
            var at = now.AddDays(-175 + 5.8 * i);
            events.Add(i % 3 == 0
                ? new Scoring.Events.BalanceReported($"t{t}-{i}", at, $"t{t}-S", BalanceIndicator.ShortTermAssets, 1_000m * (t + 1) * (i + 1))
                : new Scoring.Events.FeeBusinessTransacted($"t{t}-{i}", at, FeeBusinessType.CardSpending, 700m * (t + 1)));
        }
        ledger.Apply(events);
        return ledger.ToSnapshot();
    }

    /// <summary>Stored states written as the grain storage does, under ids the seed reads (the hash columns are not
    /// Orleans': no grain loads these rows, only the seed).</summary>
    private static async Task WriteStates(string cs, Orleans.Serialization.Serializer serializer, byte[][] ledgers, int customers)
    {
        var payloads = ledgers.Select(l => serializer.SerializeToArray(new Grains.Customers.CustomerGrainState { Ledger = l })).ToArray();
        await using var connection = new Npgsql.NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY orleans_grain_state (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_id_hash, grain_type_hash, payload, version) FROM STDIN (FORMAT BINARY)");
        for (int i = 0; i < customers; i++)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(Silo.DurableSilo.ServiceId, NpgsqlTypes.NpgsqlDbType.Text);
            await copy.WriteAsync(Abstractions.CustomerStorage.StateName, NpgsqlTypes.NpgsqlDbType.Text);
            await copy.WriteAsync((long)i, NpgsqlTypes.NpgsqlDbType.Bigint);
            await copy.WriteAsync(0L, NpgsqlTypes.NpgsqlDbType.Bigint);
            await copy.WriteAsync($"cut-{i:D7}", NpgsqlTypes.NpgsqlDbType.Text);
            await copy.WriteAsync(i, NpgsqlTypes.NpgsqlDbType.Integer);
            await copy.WriteAsync(0, NpgsqlTypes.NpgsqlDbType.Integer);
            await copy.WriteAsync(payloads[i % payloads.Length], NpgsqlTypes.NpgsqlDbType.Bytea);
            await copy.WriteAsync(1, NpgsqlTypes.NpgsqlDbType.Integer);
        }
        await copy.CompleteAsync();
    }

    private static async Task<RuleImpact> Seeded(SiloHost silo, string version, TimeSpan? within = null)
    {
        var impact = silo.Grains.GetGrain<IRuleImpactGrain>(version);
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(1));
        while (true)
        {
            var now = await impact.GetImpact();
            if (now.Seed.State == ImpactSeedState.Complete) return now;
            Assert.True(DateTime.UtcNow < deadline, $"the seed did not complete in time: {now.Seed}");
            await Task.Delay(100);
        }
    }
}
