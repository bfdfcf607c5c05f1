using System.Text.Json;
using CrmActors.Abstractions;
using CrmActors.Durability.Tests.Support;
using CrmActors.Persistence.Journal;

namespace CrmActors.Durability.Tests;

/// <summary>Issue: snapshot + replay — a grain deactivated and reactivated equals its state before; a grain rebuilds
/// from its snapshot plus the journal after it, and from the journal alone.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class SnapshotReplayTests(DurabilityFixture fixture)
{
    [Fact]
    public async Task Customers_deactivated_and_reactivated_equal_their_state_before_and_the_oracle()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        var stream = EventStream.Generate($"s{Guid.NewGuid():N}"[..7], customers: 40, events: 1_200, seed: 31, DateTimeOffset.UtcNow);
        await using var silo = await SiloHost.StartAsync(cs); // production configuration: dispatchers deliver
        foreach (var chunk in stream.Events.Chunk(300)) await journal.AppendAsync(chunk, default);
        await Delivery.AllDeliveredAsync(cs, TimeSpan.FromMinutes(1));

        var before = new Dictionary<string, string>();
        foreach (var id in stream.Customers)
            before[id] = Comparable(await silo.Grains.GetGrain<ICustomerGrain>(id).GetSnapshot());
        foreach (var id in stream.Customers)
            await JournalReaderTests.DeactivateAsync(silo, silo.Grains.GetGrain<ICustomerGrain>(id));

        var expected = Oracle.Expected(stream.Events);
        foreach (var id in stream.Customers)
        {
            var after = await silo.Grains.GetGrain<ICustomerGrain>(id).GetSnapshot();
            Assert.Equal(before[id], Comparable(after));
            Assert.Equal(expected[id].Points, Oracle.Round(after!.Points));
            Assert.Equal(expected[id].ServiceStar, Scoring.StarScale.ToWire(after.ServiceStar));
        }
    }

    [Fact]
    public async Task A_grain_rebuilds_from_its_snapshot_plus_the_journal_after_it_and_from_the_journal_alone()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        await using var silo = await SiloHost.StartAsync(cs, dispatchers: false); // only activation replays here
        var stream = EventStream.Generate($"t{Guid.NewGuid():N}"[..7], customers: 1, events: 60, seed: 32, DateTimeOffset.UtcNow);
        var (first, second) = (stream.Events.Take(30).ToArray(), stream.Events.Skip(30).ToArray());
        var customer = silo.Grains.GetGrain<ICustomerGrain>(stream.Customers[0]);

        await journal.AppendAsync(first, default);
        Assert.Equal(Oracle.Expected(first)[stream.Customers[0]].Points, Oracle.Round((await customer.GetSnapshot())!.Points));
        await JournalReaderTests.DeactivateAsync(silo, customer);   // snapshot: the first half, and its journal position
        await journal.AppendAsync(second, default);

        // The first half's journal rows gone (as if retention had dropped them): only the snapshot still has them.
        await SharedPostgres.ExecuteAsync(cs, $"DELETE FROM crm_journal WHERE event_id IN ('{string.Join("','", first.Select(e => e.ChangeId))}')");
        var rebuilt = await customer.GetSnapshot();
        var expected = Oracle.Expected(stream.Events)[stream.Customers[0]];
        Assert.Equal(expected.Points, Oracle.Round(rebuilt!.Points));

        // And with no snapshot at all, from the journal alone (both halves journaled again).
        await JournalReaderTests.DeactivateAsync(silo, customer);
        await SharedPostgres.ExecuteAsync(cs, "DELETE FROM orleans_grain_state WHERE grain_type = 'customer'");
        await SharedPostgres.ExecuteAsync(cs, "DELETE FROM crm_journal; DELETE FROM crm_event_ids");
        await journal.AppendAsync(stream.Events, default);
        var fromJournal = await customer.GetSnapshot();
        Assert.Equal(expected.Points, Oracle.Round(fromJournal!.Points));
        Assert.Equal(expected.ServiceStar, Scoring.StarScale.ToWire(fromJournal.ServiceStar));
    }

    private static string Comparable(CustomerSnapshot? snapshot) =>
        JsonSerializer.Serialize(snapshot is null ? null : snapshot with { AsOf = default });
}
