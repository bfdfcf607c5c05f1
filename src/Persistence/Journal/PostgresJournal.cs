using CrmActors.Abstractions;
using CrmActors.Abstractions.Journal;
using Npgsql;
using NpgsqlTypes;

namespace CrmActors.Persistence.Journal;

/// <summary>The durable event journal on PostgreSQL (schema 004): one round trip appends a batch all-or-nothing;
/// dispatchers read queues in (txid, ord) order; grains replay their own events.</summary>
public sealed class PostgresJournal(NpgsqlDataSource dataSource) : IJournalReader
{
    /// <summary>The data source the journal (and the API's database health check) use. Its sessions commit with
    /// <c>synchronous_commit = on</c> whatever the server's default: a 202 promises that the batch survives a database
    /// crash, and with <c>off</c> (the throwaway test cluster's setting, and a tempting server tuning) a commit
    /// returns before its WAL is flushed, so an immediate stop loses acknowledged batches. A connection string whose
    /// Options already set synchronous_commit (e.g. remote_apply with a synchronous standby) is left as it is. Set as
    /// a startup option, it survives the pool's session reset.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("synchronous_commit", StringComparison.OrdinalIgnoreCase) != true)
            builder.Options = $"{builder.Options} -c synchronous_commit=on".Trim();
        // The journal's few statements run thousands of times a second (a replay read per activating customer, over
        // every monthly partition): prepared once per connection, PostgreSQL skips parsing and planning them.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 16;
            builder.AutoPrepareMinUsages = 2;
        }
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Appends a batch whose event ids are distinct. Returns how many were new and how many were already
    /// journaled with the same content; throws <see cref="JournalConflictException"/> (nothing appended) when an id
    /// is journaled with other content.</summary>
    public async Task<(int Appended, int Duplicates)> AppendAsync(IReadOnlyList<IngestedEvent> batch, CancellationToken cancellationToken)
    {
        int n = batch.Count;
        var ids = new string[n];
        var hashes = new byte[n][];
        var customers = new string[n];
        var queues = new short[n];
        var payloads = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            var e = batch[i];
            ids[i] = e.EventId;
            hashes[i] = EventContent.Hash(e);
            customers[i] = e.CustomerId;
            queues[i] = JournalQueues.Of(e.CustomerId);
            payloads[i] = EventContent.Payload(e);
        }
        await using var command = dataSource.CreateCommand("SELECT appended, duplicates FROM crm_journal_append($1, $2, $3, $4, $5)");
        command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = customers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = queues, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return (reader.GetInt32(0), reader.GetInt32(1));
        }
        catch (PostgresException ex) when (ex.SqlState == "CR409")
        {
            throw new JournalConflictException(ex.MessageText.Split(','));
        }
    }

    public async Task<IReadOnlyList<JournaledEvent>> ReadQueueAsync(short queue, JournalPosition after, int max, CancellationToken cancellationToken)
    {
        // Only transactions below our snapshot's xmin: all of them have ended, so nothing can commit behind us.
        await using var command = dataSource.CreateCommand(
            "SELECT txid, ord, payload FROM crm_journal WHERE queue = $1 AND (txid, ord) > ($2, $3) " +
            "AND txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid, ord LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter { Value = queue, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = after.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter { Value = after.Ord, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        return await Read(command, cancellationToken);
    }

    /// <remarks>The same xmin rule as <see cref="ReadQueueAsync"/>: the grain records the last row returned as its
    /// snapshot's position and later replays only after it, so a row returned past a transaction still open would
    /// let the snapshot claim a place the open transaction's rows fall behind — and after a crash those rows, though
    /// delivered, would never be replayed. Rows of transactions still ending are delivered by the queue's dispatcher,
    /// whose checkpoint is below them.</remarks>
    public async Task<IReadOnlyList<JournaledEvent>> ReadCustomerAsync(string customerId, JournalPosition after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT txid, ord, payload FROM crm_journal WHERE customer_id = $1 AND (txid, ord) > ($2, $3) " +
            "AND txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid, ord");
        command.Parameters.Add(new NpgsqlParameter { Value = customerId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = after.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter { Value = after.Ord, NpgsqlDbType = NpgsqlDbType.Integer });
        return await Read(command, cancellationToken);
    }

    public async Task<JournalPosition> LoadCheckpointAsync(short queue, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT txid, ord FROM crm_journal_checkpoint WHERE queue = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = queue, NpgsqlDbType = NpgsqlDbType.Smallint });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new JournalPosition(reader.GetFieldValue<ulong>(0), reader.GetInt32(1))
            : JournalPosition.Start;
    }

    public async Task SaveCheckpointAsync(short queue, JournalPosition position, CancellationToken cancellationToken)
    {
        // Never backwards: two dispatchers of one queue (briefly, while membership settles) cannot undo progress.
        await using var command = dataSource.CreateCommand(
            "INSERT INTO crm_journal_checkpoint (queue, txid, ord) VALUES ($1, $2, $3) ON CONFLICT (queue) DO UPDATE " +
            "SET txid = excluded.txid, ord = excluded.ord WHERE (crm_journal_checkpoint.txid, crm_journal_checkpoint.ord) < (excluded.txid, excluded.ord)");
        command.Parameters.Add(new NpgsqlParameter { Value = queue, NpgsqlDbType = NpgsqlDbType.Smallint });
        command.Parameters.Add(new NpgsqlParameter { Value = position.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter { Value = position.Ord, NpgsqlDbType = NpgsqlDbType.Integer });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Creates this and next month's partitions and drops those wholly older than <paramref name="keepFrom"/>
    /// (retention: at least the window plus a margin). Returns the partitions dropped.</summary>
    public async Task<int> MaintainAsync(DateOnly today, DateOnly keepFrom, CancellationToken cancellationToken)
    {
        await using (var ensure = dataSource.CreateCommand("SELECT crm_journal_ensure_partitions($1, $2)"))
        {
            ensure.Parameters.Add(new NpgsqlParameter { Value = today, NpgsqlDbType = NpgsqlDbType.Date });
            ensure.Parameters.Add(new NpgsqlParameter { Value = today.AddMonths(1), NpgsqlDbType = NpgsqlDbType.Date });
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var drop = dataSource.CreateCommand("SELECT crm_journal_drop_before($1)");
        drop.Parameters.Add(new NpgsqlParameter { Value = keepFrom, NpgsqlDbType = NpgsqlDbType.Date });
        return (int)(await drop.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<IReadOnlyList<JournaledEvent>> Read(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var events = new List<JournaledEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = new JournalPosition(reader.GetFieldValue<ulong>(0), reader.GetInt32(1));
            events.Add(new JournaledEvent(EventContent.Read(reader.GetFieldValue<byte[]>(2)), position));
        }
        return events;
    }
}
