using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Durability.Tests.Support;
using CrmActors.Persistence.Journal;
using Npgsql;
using NpgsqlTypes;
using Orleans.Core.Internal;

namespace CrmActors.Durability.Tests;

/// <summary>The trap the journal's xmin rule exists for: rows that commit out of order. Two real transactions on raw
/// connections — the earlier-started one held open while a later-started one commits first.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class JournalReaderTests(DurabilityFixture fixture)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_queue_reader_does_not_skip_a_row_whose_transaction_began_earlier_but_commits_later()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        var customer = $"q-{Guid.NewGuid():N}";
        var (e0, e1, e2) = (Fee(customer, "e0"), Fee(customer, "e1"), Fee(customer, "e2"));
        short queue = JournalQueues.Of(customer);

        await journal.AppendAsync([e0], default);
        var first = await journal.ReadQueueAsync(queue, JournalPosition.Start, 100, default);
        var checkpoint = Assert.Single(first).Position;

        await using (var early = await OpenTransactionAsync(cs))
        {
            await AppendAsync(early, [e1]);                 // started first: the lower transaction id, still open
            await journal.AppendAsync([e2], default);        // started later, committed first

            // A reader that returned e2 now would move its checkpoint past e1's place, and never see e1.
            Assert.Empty(await journal.ReadQueueAsync(queue, checkpoint, 100, default));

            await early.Transaction.CommitAsync();
        }

        var after = await journal.ReadQueueAsync(queue, checkpoint, 100, default);
        Assert.Equal(["e1", "e2"], after.Select(e => e.Change.ChangeId.Split(':')[1]));
        Assert.True(after[0].Position < after[1].Position);
        Assert.True(after[0].Position > checkpoint);
    }

    [Fact]
    public async Task A_customer_replay_does_not_return_rows_beyond_a_transaction_still_open()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        var customer = $"r-{Guid.NewGuid():N}";
        var (e0, e1, e2) = (Fee(customer, "e0"), Fee(customer, "e1"), Fee(customer, "e2"));
        await journal.AppendAsync([e0], default);

        IReadOnlyList<JournaledChange> replayed;
        await using (var early = await OpenTransactionAsync(cs))
        {
            await AppendAsync(early, [e1]);
            await journal.AppendAsync([e2], default);
            // What a grain activating now replays: its snapshot position becomes the last row returned, so a row
            // returned past e1's place would let the snapshot claim e1 before e1 exists.
            replayed = await journal.ReadCustomerAsync(customer, JournalPosition.Start, JournalPosition.End, default);
            await early.Transaction.CommitAsync();
        }

        Assert.Equal(["e0"], replayed.Select(e => e.Change.ChangeId.Split(':')[1]));
        var all = await journal.ReadCustomerAsync(customer, JournalPosition.Start, JournalPosition.End, default);
        Assert.Equal(["e1", "e2"], all.Where(e => e.Position > replayed[^1].Position).Select(e => e.Change.ChangeId.Split(':')[1]).Order());
    }

    /// <summary>The loss the rule prevents, end to end through a real customer grain on PostgreSQL storage: a grain
    /// activates while an earlier transaction is open, snapshots, then the late row is delivered and the silo
    /// "crashes" before the next snapshot (simulated by making that snapshot write fail). The next activation must
    /// still have the late event.</summary>
    [Fact]
    public async Task A_delivered_event_whose_transaction_committed_late_survives_a_crash_before_the_next_snapshot()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        await using var silo = await SiloHost.StartAsync(cs, dispatchers: false); // the test plays the dispatcher
        var customerId = $"g-{Guid.NewGuid():N}";
        var (e0, e1, e2) = (Fee(customerId, "e0", 1_000m), Fee(customerId, "e1", 20_000m), Fee(customerId, "e2", 300m));
        var customer = silo.Grains.GetGrain<ICustomerGrain>(customerId);

        await journal.AppendAsync([e0], default);
        await using (var early = await OpenTransactionAsync(cs))
        {
            await AppendAsync(early, [e1]);
            await journal.AppendAsync([e2], default);
            Assert.NotNull(await customer.GetSnapshot());      // activation: replays the journal
            await DeactivateAsync(silo, customer);               // snapshot written
            await early.Transaction.CommitAsync();
        }

        // The dispatcher delivers the queue, e1 included (its checkpoint was below e1), and moves on.
        var delivered = await journal.ReadQueueAsync(JournalQueues.Of(customerId), JournalPosition.Start, 100, default);
        await customer.ApplyJournaled([.. delivered]);
        var beforeCrash = await customer.GetSnapshot();

        // Crash before the next snapshot: that write fails (another writer's version), as if the process died.
        await SharedPostgres.ExecuteAsync(cs, $"UPDATE orleans_grain_state SET version = version + 1 WHERE grain_id_ext = '{customerId}'");
        await DeactivateAsync(silo, customer);

        var afterCrash = await customer.GetSnapshot();
        var expected = Oracle.Expected([e0, e1, e2])[customerId];
        Assert.Equal(expected.Points, Oracle.Round(beforeCrash!.Points));
        Assert.Equal(expected.Points, Oracle.Round(afterCrash!.Points));
    }

    internal static FeeBusinessEvent Fee(string customer, string id, decimal amount = 1_000m) => new()
    {
        CustomerId = customer, Producer = EventStream.Producer, ChangeId = $"{customer}:{id}", OccurredAt = Now.AddDays(-3),
        Business = Scoring.FeeBusinessType.CardSpending, Amount = amount,
    };

    internal static async Task DeactivateAsync(SiloHost silo, ICustomerGrain customer)
    {
        await customer.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var management = silo.Grains.GetGrain<IManagementGrain>(0);
        var id = customer.GetGrainId();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await management.GetActiveGrains(id.Type)).Contains(id))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the customer grain did not deactivate");
            await Task.Delay(50);
        }
    }

    internal sealed class OpenTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public NpgsqlConnection Connection { get; } = connection;
        public NpgsqlTransaction Transaction { get; } = transaction;

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }

    internal static async Task<OpenTransaction> OpenTransactionAsync(string cs)
    {
        var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        return new OpenTransaction(connection, await connection.BeginTransactionAsync());
    }

    /// <summary>crm_journal_append inside a transaction the test holds open (what PostgresJournal sends, on our own
    /// connection).</summary>
    internal static async Task AppendAsync(OpenTransaction open, IReadOnlyList<CustomerChange> batch)
    {
        await using var command = new NpgsqlCommand("SELECT appended FROM crm_journal_append($1, $2, $3, $4, $5, $6)", open.Connection, open.Transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.Producer).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.ChangeId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(ChangeCodec.Hash).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => e.CustomerId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(e => JournalQueues.Of(e.CustomerId)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = batch.Select(ChangeCodec.Encode).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        await command.ExecuteScalarAsync();
    }
}
