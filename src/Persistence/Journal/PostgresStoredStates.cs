using CrmActors.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace CrmActors.Persistence.Journal;

/// <summary>Reads every stored customer state of one service from <c>orleans_grain_state</c> (schema 003) in one
/// streamed pass: a sequential scan, rows handed on as they arrive, so a million states never sit in memory at once.</summary>
public sealed class PostgresStoredStates(NpgsqlDataSource dataSource, string serviceId) : IStoredCustomerStates
{
    public async IAsyncEnumerable<StoredState> ReadAllAsync(string grainType,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT grain_id_ext, payload FROM orleans_grain_state WHERE service_id = $1 AND grain_type = $2 " +
            "AND grain_id_ext IS NOT NULL AND payload IS NOT NULL", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = grainType, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return new StoredState(reader.GetString(0), await reader.GetFieldValueAsync<byte[]>(1, cancellationToken));
    }
}
