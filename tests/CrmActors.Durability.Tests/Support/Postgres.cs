using CrmActors.Persistence;
using Npgsql;

namespace CrmActors.Durability.Tests.Support;

/// <summary>The PostgreSQL server the tests share: CRM_PG (the test command starts a throwaway cluster and sets it),
/// or <c>scripts/postgres.sh start</c> run here (and stopped again by <see cref="DisposeAsync"/> if it was not
/// running before). Each test works in a PostgreSQL schema of its own (<see cref="NewSchemaAsync"/>): the connection
/// string's search path puts membership, grain state and the journal there, so tests and test processes sharing
/// one server never see each other's rows.</summary>
public sealed class SharedPostgres : IAsyncDisposable
{
    private readonly List<string> _schemas = [];
    private bool _startedHere;

    public string ConnectionString { get; private set; } = "";

    public async Task StartAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CRM_PG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            ConnectionString = fromEnvironment.Trim();
            return;
        }
        bool wasRunning = (await Shell.RunAsync("bash", [Repo.PostgresScript, "status"])).ExitCode == 0;
        var started = (await Shell.RunAsync("bash", [Repo.PostgresScript, "start"])).OrThrow("scripts/postgres.sh start");
        ConnectionString = started.Output.Trim();
        _startedHere = !wasRunning;
    }

    /// <summary>A new schema with the whole CrmActors schema applied, and a connection string whose search path
    /// is that schema.</summary>
    public async Task<string> NewSchemaAsync(string prefix = "dur")
    {
        var schema = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        await ExecuteAsync(ConnectionString, $"CREATE SCHEMA {schema}");
        lock (_schemas) _schemas.Add(schema);
        var connectionString = InSchema(ConnectionString, schema);
        await SchemaMigrator.ApplyAsync(connectionString);
        return connectionString;
    }

    public static string InSchema(string connectionString, string schema) =>
        new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var schema in _schemas)
        {
            try { await ExecuteAsync(ConnectionString, $"DROP SCHEMA IF EXISTS {schema} CASCADE"); }
            catch (NpgsqlException) { } // a leftover schema in a throwaway cluster is harmless
        }
        if (_startedHere) await Shell.RunAsync("bash", [Repo.PostgresScript, "stop"]);
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A PostgreSQL server of its own (port and data directory apart from the shared one), for the test that
/// stops the database mid-stream: started with scripts/postgres.sh, stopped with <c>pg_ctl stop -m immediate</c>
/// (a crash: no checkpoint, shared memory lost), started again on the same data directory, removed at the end.</summary>
public sealed class OwnPostgres : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    private OwnPostgres(int port)
    {
        Port = port;
        DataDirectory = $"/tmp/crmactors-pg-{port}";
        _environment = new() { ["CRM_PG_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["CRM_PG_DATA"] = DataDirectory };
    }

    public int Port { get; }
    public string DataDirectory { get; }
    public string ConnectionString { get; private set; } = "";

    public static async Task<OwnPostgres> StartAsync()
    {
        int port = int.TryParse(Environment.GetEnvironmentVariable("CRM_PG_STOP_PORT"), out var p) ? p : 55433;
        var server = new OwnPostgres(port);
        var started = (await Shell.RunAsync("bash", [Repo.PostgresScript, "start"], server._environment)).OrThrow("scripts/postgres.sh start");
        server.ConnectionString = started.Output.Trim();
        return server;
    }

    /// <summary>pg_ctl stop -m immediate: the server processes quit at once, like a crash.</summary>
    public Task StopImmediatelyAsync() => PgCtlAsync("-m", "immediate", "-w", "-t", "30", "stop");

    /// <summary>Starts the server again on the same data directory (crash recovery replays its WAL).</summary>
    public Task StartAgainAsync() => PgCtlAsync("-l", $"{DataDirectory}/server.log", "-w", "-t", "60", "start");

    private async Task PgCtlAsync(params string[] args)
    {
        var bin = Directory.GetFiles("/usr/lib/postgresql", "pg_ctl", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal).LastOrDefault() ?? throw new InvalidOperationException("pg_ctl not found");
        string[] command = [bin, "-D", DataDirectory, .. args];
        // The server runs as 'postgres' when we are root (initdb refuses root); scripts/postgres.sh did the same.
        var result = Environment.UserName == "root"
            ? await Shell.RunAsync("runuser", ["-u", "postgres", "--", .. command], workingDirectory: "/tmp")
            : await Shell.RunAsync(command[0], command[1..]);
        result.OrThrow($"pg_ctl {string.Join(' ', args)}");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Shell.RunAsync("bash", [Repo.PostgresScript, "stop"], _environment);
    }
}
