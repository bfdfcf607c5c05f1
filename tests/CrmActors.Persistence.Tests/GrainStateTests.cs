using System.Text.Json;
using CrmActors.Abstractions;
using CrmActors.Persistence.Tests.Support;
using Orleans.Core.Internal;
using Orleans.Runtime;

namespace CrmActors.Persistence.Tests;

/// <summary>The real <c>CustomerGrain</c> keeping its state in PostgreSQL grain storage: it flushes on deactivation
/// and a new activation — or a new silo — starts from the stored snapshot.</summary>
[Collection(PostgresCollection.Name)]
public sealed class GrainStateTests(PostgresFixture db)
{
    [Fact]
    public async Task A_customer_deactivated_and_reactivated_has_the_same_snapshot_and_history()
    {
        var serviceId = TestIds.New("s");
        await using var silo = await PostgresSiloHost.StartAsync(db.ConnectionString, serviceId, serviceId);
        var events = new Events(TestIds.New("cust"));
        var customer = silo.Grains.GetGrain<ICustomerGrain>(events.CustomerId);
        await Ingest(silo, events);
        var before = await customer.GetSnapshot();
        var historyBefore = await customer.GetHistory(0, 100);

        await customer.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        await Wait.Until(async () => (IReadOnlyCollection<GrainId>)await management.GetActiveGrains(customer.GetGrainId().Type),
            active => !active.Contains(customer.GetGrainId()), what: "the customer grain deactivated");
        Assert.Equal(1L, await StoredRows(serviceId, events.CustomerId)); // flushed on deactivation

        var after = await customer.GetSnapshot();
        var historyAfter = await customer.GetHistory(0, 100);

        Assert.NotNull(before);
        Assert.Equal(Comparable(before), Comparable(after));
        Assert.NotEmpty(historyBefore.Entries);
        Assert.Equal(JsonSerializer.Serialize(historyBefore), JsonSerializer.Serialize(historyAfter));
    }

    [Fact]
    public async Task A_customer_survives_a_restart_of_the_whole_cluster()
    {
        var serviceId = TestIds.New("s");
        var events = new Events(TestIds.New("cust"));
        CustomerSnapshot? before;
        await using (var silo = await PostgresSiloHost.StartAsync(db.ConnectionString, serviceId, serviceId))
        {
            var customer = silo.Grains.GetGrain<ICustomerGrain>(events.CustomerId);
            await Ingest(silo, events);
            before = await customer.GetSnapshot();
            await silo.StopAsync(); // graceful: the grain flushes while the silo shuts down
        }
        Assert.Equal(1L, await StoredRows(serviceId, events.CustomerId));

        await using var restarted = await PostgresSiloHost.StartAsync(db.ConnectionString, serviceId, serviceId);
        var again = restarted.Grains.GetGrain<ICustomerGrain>(events.CustomerId);
        var after = await again.GetSnapshot();

        Assert.NotNull(before);
        Assert.Equal(Comparable(before), Comparable(after));
        // And it goes on from there: the same events again are duplicates.
        Assert.Equal(3, (await restarted.IngestAsync(events.Replay(0), events.Replay(1), events.Replay(2))).Duplicates);
    }

    private static async Task Ingest(PostgresSiloHost silo, Events events)
    {
        var now = DateTimeOffset.UtcNow;
        // Held since 200 days ago: covers the whole 183-day window, so the standing does not move while we look.
        var journaled = await silo.IngestAsync(
            events.Profile(now.AddDays(-1), "B001", "M001", "张小明"),
            events.Balance(now.AddDays(-200), 300_000m),
            events.Fee(now.AddDays(-3), 2_500m));
        Assert.Equal(3, journaled.Appended);
    }

    /// <summary>The snapshot without its as-of time (the grain reports "now").</summary>
    private static string Comparable(CustomerSnapshot? snapshot) =>
        JsonSerializer.Serialize(snapshot is null ? null : snapshot with { AsOf = default });

    private Task<long> StoredRows(string serviceId, string customerId) =>
        db.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_grain_state WHERE service_id = @s AND grain_type = 'customer' AND grain_id_ext = @c AND payload IS NOT NULL",
            ("s", serviceId), ("c", customerId));
}
