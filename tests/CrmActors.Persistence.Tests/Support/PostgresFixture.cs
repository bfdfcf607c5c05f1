using System.Diagnostics;
using Npgsql;

namespace CrmActors.Persistence.Tests.Support;

/// <summary>One PostgreSQL database for all tests, with the schema applied to its public schema.</summary>
/// <remarks>The connection string comes from CRM_PG (the test command starts the throwaway cluster and sets it);
/// without it the fixture runs <c>scripts/postgres.sh start</c> itself and, if it was the one to start the cluster,
/// stops it afterwards. Tests share the database through unique cluster and service ids; tests of the migrator
/// itself work in a fresh PostgreSQL schema of their own (<see cref="NewSchemaAsync"/>).</remarks>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly List<string> _schemas = [];
    private string? _startedBy;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CRM_PG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            ConnectionString = fromEnvironment;
        }
        else
        {
            var script = Path.Combine(RepositoryRoot(), "scripts", "postgres.sh");
            var wasRunning = (await RunAsync(script, "status")).ExitCode == 0;
            var (exitCode, output, error) = await RunAsync(script, "start");
            if (exitCode != 0)
                throw new InvalidOperationException($"scripts/postgres.sh start failed ({exitCode}):\n{error}");
            ConnectionString = output.Trim();
            if (!wasRunning) _startedBy = script;
        }
        await SchemaMigrator.ApplyAsync(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_schemas.Count > 0)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync();
                foreach (var schema in _schemas)
                    await Execute(connection, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
            }
            catch (NpgsqlException)
            {
                // Leftover test schemas are harmless; the throwaway cluster goes away with its data directory.
            }
        }
        NpgsqlConnection.ClearAllPools();
        if (_startedBy is not null) await RunAsync(_startedBy, "stop");
    }

    /// <summary>A new empty PostgreSQL schema and a connection string whose search path puts everything there.</summary>
    public async Task<string> NewSchemaAsync()
    {
        var schema = $"t_{Guid.NewGuid():N}"[..14];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await Execute(connection, $"CREATE SCHEMA {schema}");
        }
        _schemas.Add(schema);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString;
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters) =>
        await ScalarAsync<T>(ConnectionString, sql, parameters);

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Rows of a query as tuples of column values.</summary>
    public async Task<List<object[]>> RowsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }
        return rows;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "postgres.sh")))
                return dir.FullName;
        throw new InvalidOperationException("Cannot find scripts/postgres.sh above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string script, string command)
    {
        var start = new ProcessStartInfo("bash", [script, command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // includes an apt-get install
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
