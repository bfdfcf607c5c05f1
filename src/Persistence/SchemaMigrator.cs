using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CrmActors.Persistence;

/// <summary>What one <see cref="SchemaMigrator.ApplyAsync(string, ILogger?, CancellationToken)"/> did.</summary>
/// <param name="Applied">Versions this call applied, in order; empty when the database was already current.</param>
/// <param name="CurrentVersion">The highest version recorded in the database afterwards.</param>
public sealed record SchemaMigrationResult(IReadOnlyList<int> Applied, int CurrentVersion);

/// <summary>Brings a PostgreSQL database to the schema the Orleans ADO.NET providers need (see
/// <see cref="SchemaScript"/>). Applying twice, or from several processes at once, is harmless.</summary>
/// <remarks>
/// <para>Each script not yet recorded in <c>crm_schema_version</c> runs in its own transaction together with its
/// version row, so a script is either wholly applied and recorded or not at all. A session-level PostgreSQL
/// advisory lock makes concurrent starters (silos booting together) take turns: the second finds the work done.</para>
/// <para>Tables are created unqualified, i.e. in the first schema of the connection's search path
/// (<c>public</c> by default; tests use <c>Search Path=...</c> for isolated copies).</para>
/// </remarks>
public static class SchemaMigrator
{
    /// <summary>The advisory lock key the migrator holds while it works ("CRMSCHEM" in ASCII).</summary>
    public const long AdvisoryLockKey = 0x4352_4D53_4348_454D;

    /// <summary>How long to wait for another migrator holding the lock.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Applies every embedded script the database does not have yet.</summary>
    public static Task<SchemaMigrationResult> ApplyAsync(string connectionString, ILogger? logger = null,
        CancellationToken cancellationToken = default) =>
        ApplyAsync(connectionString, SchemaScript.All, logger, cancellationToken);

    /// <summary>Applies the given scripts (in version order) that the database does not have yet.</summary>
    public static async Task<SchemaMigrationResult> ApplyAsync(string connectionString, IReadOnlyList<SchemaScript> scripts,
        ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        logger ??= NullLogger.Instance;
        var ordered = scripts.OrderBy(s => s.Version).ToList();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await AcquireLockAsync(connection, cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS crm_schema_version
                (
                    version    integer     NOT NULL PRIMARY KEY,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);

            var recorded = await ReadRecordedAsync(connection, cancellationToken);
            foreach (var script in ordered.Where(s => recorded.TryGetValue(s.Version, out var checksum) && checksum != s.Checksum))
                logger.LogWarning(
                    "Schema script {Version} ({Name}) differs from the one applied to the database; released scripts must " +
                    "not be edited (add a new script instead). The database keeps the applied version.", script.Version, script.Name);

            var applied = new List<int>();
            foreach (var script in ordered.Where(s => !recorded.ContainsKey(s.Version)))
            {
                var watch = Stopwatch.StartNew();
                await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
                {
                    await ExecuteAsync(connection, transaction, script.Sql, cancellationToken);
                    await using (var record = new NpgsqlCommand(
                        "INSERT INTO crm_schema_version (version, name, checksum) VALUES (@version, @name, @checksum)",
                        connection, transaction))
                    {
                        record.Parameters.AddWithValue("version", script.Version);
                        record.Parameters.AddWithValue("name", script.Name);
                        record.Parameters.AddWithValue("checksum", script.Checksum);
                        await record.ExecuteNonQueryAsync(cancellationToken);
                    }
                    await transaction.CommitAsync(cancellationToken);
                }
                applied.Add(script.Version);
                logger.LogInformation("Applied schema script {Version} ({Name}) in {Elapsed} ms.",
                    script.Version, script.Name, watch.ElapsedMilliseconds);
            }

            var current = recorded.Keys.Concat(applied).DefaultIfEmpty(0).Max();
            var newest = ordered.Count == 0 ? 0 : ordered[^1].Version;
            if (current > newest)
                logger.LogInformation(
                    "The database schema is at version {Current}, newer than this build's {Newest}; leaving it as it is.",
                    current, newest);
            else if (applied.Count == 0)
                logger.LogDebug("Database schema already at version {Current}.", current);
            return new SchemaMigrationResult(applied, current);
        }
        finally
        {
            await ReleaseLockAsync(connection, logger);
        }
    }

    private static async Task AcquireLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection)
        {
            CommandTimeout = (int)LockTimeout.TotalSeconds,
        };
        command.Parameters.AddWithValue("key", AdvisoryLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ReleaseLockAsync(NpgsqlConnection connection, ILogger logger)
    {
        if (connection.State != System.Data.ConnectionState.Open) return; // a broken session has lost the lock anyway
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            command.Parameters.AddWithValue("key", AdvisoryLockKey);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The lock goes with the session; closing the connection below ends it.
            logger.LogDebug(ex, "Could not release the schema advisory lock explicitly.");
        }
    }

    private static async Task<Dictionary<int, string>> ReadRecordedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var recorded = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM crm_schema_version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            recorded[reader.GetInt32(0)] = reader.GetString(1);
        return recorded;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
