using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using Npgsql;
using NpgsqlTypes;

namespace CrmActors.Persistence.Journal;

/// <summary>The durable journal on PostgreSQL (schemas 004–005): one round trip appends a batch all-or-nothing;
/// dispatchers read queues in (txid, ord) order; grains replay their own changes.</summary>
public sealed class PostgresJournal(NpgsqlDataSource dataSource) : IJournal, IJournalReader
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

    public bool Replays => true;

    public async Task<JournalAppendResult> AppendAsync(IReadOnlyList<CustomerChange> batch, CancellationToken cancellationToken)
    {
        using var span = EngineTracing.Source.StartActivity(EngineTracing.JournalAppend);
        int n = batch.Count;
        var producers = new string[n];
        var ids = new string[n];
        var hashes = new byte[n][];
        var customers = new string[n];
        var queues = new short[n];
        var payloads = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            var c = batch[i];
            producers[i] = c.Producer;
            ids[i] = c.ChangeId;
            customers[i] = c.CustomerId;
            queues[i] = JournalQueues.Of(c.CustomerId);
            payloads[i] = ChangeCodec.Encode(c);
            hashes[i] = ChangeCodec.Hash(payloads[i]);
        }
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT appended, duplicates, conflicts, txid FROM crm_journal_append($1, $2, $3, $4, $5, $6, $7)");
            command.Parameters.Add(new NpgsqlParameter { Value = producers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = hashes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            command.Parameters.Add(new NpgsqlParameter { Value = customers, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = queues, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Smallint });
            command.Parameters.Add(new NpgsqlParameter { Value = payloads, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)span?.Id ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var conflicts = reader.GetFieldValue<int[]>(2);
            return new JournalAppendResult(reader.GetInt32(0), reader.GetInt32(1), [.. conflicts.Select(ord => ord - 1)],
                reader.IsDBNull(3) ? 0UL : reader.GetFieldValue<ulong>(3));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new JournalUnavailableException("The PostgreSQL journal could not take the batch.", ex);
        }
    }

    public async Task<IReadOnlyList<JournaledChange>> ReadQueueAsync(short queue, JournalPosition after, int max, CancellationToken cancellationToken)
    {
        // Only transactions below our snapshot's xmin: all of them have ended, so nothing can commit behind us.
        await using var command = dataSource.CreateCommand(
            "SELECT txid, ord, payload, trace FROM crm_journal WHERE queue = $1 AND (txid, ord) > ($2, $3) " +
            "AND txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid, ord LIMIT $4");
        command.Parameters.Add(new NpgsqlParameter { Value = queue, NpgsqlDbType = NpgsqlDbType.Smallint });
        AddPosition(command, after);
        command.Parameters.Add(new NpgsqlParameter { Value = max, NpgsqlDbType = NpgsqlDbType.Integer });
        return await Read(command, cancellationToken);
    }

    /// <remarks>The same xmin rule as <see cref="ReadQueueAsync"/>: the grain records the last row returned as its
    /// snapshot's position and later replays only after it, so a row returned past a transaction still open would
    /// let the snapshot claim a place the open transaction's rows fall behind — and after a crash those rows, though
    /// delivered, would never be replayed. Rows of transactions still ending are delivered by the queue's dispatcher,
    /// whose checkpoint is below them.</remarks>
    public async Task<IReadOnlyList<JournaledChange>> ReadCustomerAsync(string customerId, JournalPosition after, JournalPosition through,
        CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT txid, ord, payload, trace FROM crm_journal WHERE customer_id = $1 AND (txid, ord) > ($2, $3) AND (txid, ord) <= ($4, $5) " +
            "AND txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY txid, ord");
        command.Parameters.Add(new NpgsqlParameter { Value = customerId, NpgsqlDbType = NpgsqlDbType.Text });
        AddPosition(command, after);
        AddPosition(command, through);
        return await Read(command, cancellationToken);
    }

    public async Task<IReadOnlyList<JournaledChange>> ReadCustomersAsync(IReadOnlyList<CustomerFrom> customers,
        CancellationToken cancellationToken)
    {
        if (customers.Count == 0) return [];
        // One index probe per customer (crm_journal_customer_order), most of them finding nothing; the same xmin rule
        // as ReadCustomerAsync.
        await using var command = dataSource.CreateCommand(
            "SELECT j.txid, j.ord, j.payload, j.trace FROM unnest($1::text[], $2::xid8[], $3::int[]) AS a(customer_id, txid, ord) " +
            "JOIN crm_journal j ON j.customer_id = a.customer_id AND (j.txid, j.ord) > (a.txid, a.ord) " +
            "WHERE j.txid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY j.customer_id, j.txid, j.ord");
        command.Parameters.Add(new NpgsqlParameter { Value = customers.Select(c => c.CustomerId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = customers.Select(c => c.After.Txid).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter { Value = customers.Select(c => c.After.Ord).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        return await Read(command, cancellationToken);
    }

    public async Task<long> CountCustomerAsync(string customerId, JournalPosition after, JournalPosition through, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM crm_journal WHERE customer_id = $1 AND (txid, ord) > ($2, $3) AND (txid, ord) <= ($4, $5)");
        command.Parameters.Add(new NpgsqlParameter { Value = customerId, NpgsqlDbType = NpgsqlDbType.Text });
        AddPosition(command, after);
        AddPosition(command, through);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
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
        AddPosition(command, position);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <remarks>A change's acceptance time is its id's registration (crm_event_ids.accepted_at, the same
    /// transaction as its journal row): the journal rows themselves carry none. Both sub-queries walk the queue index
    /// from the checkpoint; the count stops at <paramref name="countCap"/>.</remarks>
    public async Task<IReadOnlyList<QueueLag>> LagAsync(int countCap, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT q.queue::smallint, " +
            "(SELECT count(*) FROM (SELECT 1 FROM crm_journal j WHERE j.queue = q.queue " +
            "  AND (j.txid, j.ord) > (coalesce(c.txid, '0'::xid8), coalesce(c.ord, 0)) LIMIT $2) t), " +
            "(SELECT e.accepted_at FROM crm_journal j JOIN crm_event_ids e ON e.producer = j.producer AND e.event_id = j.event_id " +
            "  WHERE j.queue = q.queue AND (j.txid, j.ord) > (coalesce(c.txid, '0'::xid8), coalesce(c.ord, 0)) ORDER BY j.txid, j.ord LIMIT 1) " +
            "FROM generate_series(0, $1 - 1) AS q(queue) LEFT JOIN crm_journal_checkpoint c ON c.queue = q.queue ORDER BY 1");
        command.Parameters.Add(new NpgsqlParameter { Value = JournalQueues.Count, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = countCap, NpgsqlDbType = NpgsqlDbType.Integer });
        var lags = new List<QueueLag>(JournalQueues.Count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            lags.Add(new QueueLag(reader.GetInt16(0), reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        return lags;
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

    private static void AddPosition(NpgsqlCommand command, JournalPosition position)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = position.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter { Value = position.Ord, NpgsqlDbType = NpgsqlDbType.Integer });
    }

    private static async Task<IReadOnlyList<JournaledChange>> Read(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var changes = new List<JournaledChange>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var position = new JournalPosition(reader.GetFieldValue<ulong>(0), reader.GetInt32(1));
            changes.Add(new JournaledChange(ChangeCodec.Decode(reader.GetFieldValue<byte[]>(2)), position,
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        }
        return changes;
    }
}
