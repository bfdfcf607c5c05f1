using CrmActors.Abstractions.Rules;
using CrmActors.Scoring;
using Npgsql;
using NpgsqlTypes;

namespace CrmActors.Persistence.Rules;

/// <summary>Rule sets in <c>crm_rule_sets</c> and their audit in <c>crm_rule_set_audit</c> (schema 006). Each write
/// runs in one transaction that first locks the table against other writers (writes are rare admin actions), so
/// "one version pending" and "an id is used once" hold across API nodes.</summary>
public sealed class PostgresRuleSets(NpgsqlDataSource dataSource, StarModelOptions configured) : IRuleSets
{
    private const string LockWriters = "LOCK TABLE crm_rule_sets IN SHARE ROW EXCLUSIVE MODE";

    public async Task EnsurePublishedAsync(StarModelOptions published, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, LockWriters, cancellationToken);
        if (await Scalar<long>(connection, "SELECT count(*) FROM crm_rule_sets", cancellationToken) == 0)
        {
            var first = RuleSet.Published(published);
            await Execute(connection, "INSERT INTO crm_rule_sets (version, figures, effective_from, created_at) VALUES ($1, $2::jsonb, $3, $4)",
                cancellationToken, Text(first.Version), Text(RuleSetCodec.Encode(published)), Date(first.EffectiveFrom), Time(at));
            await Audit(connection, first.Version, "proposed", null, "system", at, cancellationToken);
            await Audit(connection, first.Version, "scheduled", first.EffectiveFrom, "system", at, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<RuleSetRows> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var versions = new List<RuleSet>();
        await using (var command = new NpgsqlCommand(
            "SELECT r.version, r.figures::text, r.effective_from FROM crm_rule_sets r WHERE r.deleted_at IS NULL " +
            "ORDER BY (SELECT min(a.id) FROM crm_rule_set_audit a WHERE a.version = r.version)", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                versions.Add(new RuleSet
                {
                    Version = reader.GetString(0),
                    Options = RuleSetCodec.Decode(reader.GetString(1), configured.BankTimeZone),
                    EffectiveFrom = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2),
                });
        var audit = new List<RuleSetAuditEntry>();
        await using (var command = new NpgsqlCommand(
            "SELECT id, version, action, effective_from, by_user, at FROM crm_rule_set_audit ORDER BY id", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                audit.Add(new RuleSetAuditEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3), reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        return new RuleSetRows(versions, audit);
    }

    public async Task<RuleSetWrite> ProposeAsync(RuleSet version, DateOnly today, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, LockWriters, cancellationToken);
        if (await Scalar<long>(connection, "SELECT count(*) FROM crm_rule_sets WHERE version = $1", cancellationToken, Text(version.Version)) > 0)
            return RuleSetWrite.VersionUsed;
        if (await Scalar<long>(connection,
                "SELECT count(*) FROM crm_rule_sets WHERE deleted_at IS NULL AND (effective_from IS NULL OR effective_from > $1)",
                cancellationToken, Date(today)) > 0)
            return RuleSetWrite.AnotherPending;
        await Execute(connection, "INSERT INTO crm_rule_sets (version, figures, created_at) VALUES ($1, $2::jsonb, $3)",
            cancellationToken, Text(version.Version), Text(RuleSetCodec.Encode(version.Options)), Time(at));
        await Audit(connection, version.Version, "proposed", null, by, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RuleSetWrite.Done;
    }

    public async Task<RuleSetWrite> ScheduleAsync(string version, DateOnly effectiveFrom, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, LockWriters, cancellationToken);
        var (found, effective) = await State(connection, version, cancellationToken);
        if (!found) return RuleSetWrite.NotFound;
        if (effective is not null) return RuleSetWrite.WrongState;
        await Execute(connection, "UPDATE crm_rule_sets SET effective_from = $2 WHERE version = $1", cancellationToken,
            Text(version), Date(effectiveFrom));
        await Audit(connection, version, "scheduled", effectiveFrom, by, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RuleSetWrite.Done;
    }

    public async Task<RuleSetWrite> DeleteAsync(string version, DateOnly today, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, LockWriters, cancellationToken);
        var (found, effective) = await State(connection, version, cancellationToken);
        if (!found) return RuleSetWrite.NotFound;
        if (effective <= today) return RuleSetWrite.WrongState;
        await Execute(connection, "UPDATE crm_rule_sets SET deleted_at = $2 WHERE version = $1", cancellationToken, Text(version), Time(at));
        await Audit(connection, version, "deleted", null, by, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RuleSetWrite.Done;
    }

    /// <summary>Whether a live version of that id exists, and its effective date (null in shadow).</summary>
    private static async Task<(bool Found, DateOnly? EffectiveFrom)> State(NpgsqlConnection connection, string version, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT effective_from FROM crm_rule_sets WHERE version = $1 AND deleted_at IS NULL", connection);
        command.Parameters.Add(Text(version));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return (false, null);
        return (true, reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0));
    }

    private static Task Audit(NpgsqlConnection connection, string version, string action, DateOnly? effectiveFrom, string by,
        DateTimeOffset at, CancellationToken ct) =>
        Execute(connection, "INSERT INTO crm_rule_set_audit (version, action, effective_from, by_user, at) VALUES ($1, $2, $3, $4, $5)",
            ct, Text(version), Text(action), Date(effectiveFrom), Text(by), Time(at));

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static NpgsqlParameter Text(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Date(DateOnly? value) =>
        new() { Value = value is { } d ? d : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Date };

    private static NpgsqlParameter Time(DateTimeOffset value) =>
        new() { Value = value.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
