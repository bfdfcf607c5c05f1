using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using Npgsql;
using NpgsqlTypes;

namespace CrmActors.Persistence.Journal;

/// <summary>Dead letters in <c>crm_dead_letters</c> (schema 005), one row per journal position.</summary>
public sealed class PostgresDeadLetters(NpgsqlDataSource dataSource) : IDeadLetters
{
    public async Task<bool> SetAsideAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO crm_dead_letters (txid, ord, customer_id, producer, change_id, payload, reason, set_aside_at) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (txid, ord) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = letter.Position.Txid, NpgsqlDbType = NpgsqlDbType.Xid8 });
        command.Parameters.Add(new NpgsqlParameter { Value = letter.Position.Ord, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = letter.Change.CustomerId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = letter.Change.Producer, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = letter.Change.ChangeId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = ChangeCodec.Encode(letter.Change), NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter { Value = letter.Reason, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = letter.SetAsideAt, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, txid, ord, payload, reason, set_aside_at FROM crm_dead_letters WHERE id > $1 ORDER BY id LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = afterId, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = limit, NpgsqlDbType = NpgsqlDbType.Integer });
        var letters = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            letters.Add(new DeadLetter
            {
                Id = reader.GetInt64(0),
                Position = new JournalPosition(reader.GetFieldValue<ulong>(1), reader.GetInt32(2)),
                Change = ChangeCodec.Decode(reader.GetFieldValue<byte[]>(3)),
                Reason = reader.GetString(4),
                SetAsideAt = reader.GetFieldValue<DateTimeOffset>(5),
            });
        return letters;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM crm_dead_letters");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
