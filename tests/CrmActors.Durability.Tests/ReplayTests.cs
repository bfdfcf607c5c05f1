using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Abstractions.Screens;
using CrmActors.Durability.Tests.Support;
using CrmActors.Persistence.Journal;
using static CrmActors.Durability.Tests.JournalReaderTests;

namespace CrmActors.Durability.Tests;

/// <summary>What a customer's activation replays from the journal, on a real silo on PostgreSQL where the test plays
/// the dispatcher: no live alert for what was delivered (and pushed) before a crash, a live one for what never was,
/// and no change lost when a doomed twin activation took some of the deliveries.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class ReplayTests(DurabilityFixture fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_replay_after_a_crash_raises_no_alert_for_a_visit_delivered_before_it_but_does_for_one_never_delivered()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        await using var silo = await SiloHost.StartAsync(cs, dispatchers: false);
        var id = $"rv-{Guid.NewGuid():N}"[..16];
        var branch = $"B-{Guid.NewGuid():N}"[..10];
        var customer = silo.Grains.GetGrain<ICustomerGrain>(id);
        var desk = silo.Grains.GetGrain<IBranchDeskGrain>(branch);
        short queue = JournalQueues.Of(id);

        // A 5-star customer identified at the branch: delivered, alerted, served, and the queue's checkpoint moves on.
        var delivered = await journal.AppendAsync([Balance(id, "rich"), Visit(id, "v1", branch)], default);
        await customer.ApplyJournaled([new(Balance(id, "rich"), delivered.PositionOf(0)), new(Visit(id, "v1", branch), delivered.PositionOf(1))]);
        var alert = Assert.Single((await desk.GetAlerts(0, null)).Alerts);
        await desk.Handle(alert.Seq, DeskAlertState.Served, "teller-1");
        await journal.SaveCheckpointAsync(queue, delivered.PositionOf(1), default);

        // The silo "crashes" before the customer's next snapshot: its write fails, as if the process had died.
        await SharedPostgres.ExecuteAsync(cs, $"UPDATE orleans_grain_state SET version = version + 1 WHERE grain_id_ext = '{id}'");
        await DeactivateAsync(silo, customer);
        Assert.NotNull(await customer.GetSnapshot());                  // activation: replays both changes quietly
        Assert.Single((await desk.GetAlerts(0, null)).Alerts);

        // A second visit journaled but never delivered; a read activates the customer first: its replay is live.
        await DeactivateAsync(silo, customer);
        await journal.AppendAsync([Visit(id, "v2", branch)], default);
        Assert.NotNull(await customer.GetSnapshot());
        Assert.Equal(2, (await desk.GetAlerts(0, null)).Alerts.Length);
    }

    [Fact]
    public async Task Changes_delivered_to_a_doomed_twin_activation_are_replayed_before_the_snapshot_steps_past_them()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        await using var silo = await SiloHost.StartAsync(cs, dispatchers: false);
        var id = $"tw-{Guid.NewGuid():N}"[..16];
        var customer = silo.Grains.GetGrain<ICustomerGrain>(id);
        var (e0, e1, e2) = (Fee(id, "e0", 1_000m), Fee(id, "e1", 20_000m), Fee(id, "e2", 300m));

        var p0 = await journal.AppendAsync([e0], default);
        await customer.ApplyJournaled([new(e0, p0.PositionOf(0))]);
        await journal.AppendAsync([e1], default);                       // delivered to the twin only: never seen here
        var p2 = await journal.AppendAsync([e2], default);
        await customer.ApplyJournaled([new(e2, p2.PositionOf(0))]);

        await DeactivateAsync(silo, customer);                          // the snapshot: past e1's position
        var after = await customer.GetSnapshot();

        Assert.Equal(Oracle.Expected([e0, e1, e2])[id].Points, Oracle.Round(after!.Points));
    }

    private static BalanceEvent Balance(string customer, string id) => new()
    {
        CustomerId = customer, Producer = EventStream.Producer, ChangeId = $"{customer}:{id}", OccurredAt = Now.AddDays(-200),
        AccountId = "A", Indicator = Scoring.BalanceIndicator.ShortTermAssets, Balance = 300_000m,
    };

    private static BranchVisitEvent Visit(string customer, string id, string branch) => new()
    {
        CustomerId = customer, Producer = EventStream.Producer, ChangeId = $"{customer}:{id}", OccurredAt = Now.AddMinutes(-1),
        BranchId = branch, Channel = Scoring.VisitChannel.Counter,
    };
}
