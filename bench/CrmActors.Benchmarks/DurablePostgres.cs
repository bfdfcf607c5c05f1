using System.Diagnostics;
using Npgsql;

namespace CrmActors.Benchmarks;

/// <summary>A PostgreSQL that flushes (fsync, synchronous_commit and full_page_writes on), for durable figures: a
/// throwaway cluster of scripts/postgres.sh on its own port with CRM_PG_DURABLE=1 — the tests' cluster runs with
/// fsync off and its figures are not durable ones. Each run gets a schema of its own.</summary>
internal static class DurablePostgres
{
    public const int Port = 55450;

    /// <summary>The postmaster's process id (its backends are its children), from the cluster's postmaster.pid; null when
    /// the file is not there.</summary>
    public static int? PostmasterPid()
    {
        string file = Path.Combine(Environment.GetEnvironmentVariable("CRM_PG_DATA") ?? $"/tmp/crmactors-pg-{Port}", "postmaster.pid");
        if (!File.Exists(file)) return null;
        using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return int.TryParse(reader.ReadLine(), out int pid) ? pid : null;
    }

    public static async Task<string> StartAsync(string root)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "postgres.sh"), "start"])
        {
            RedirectStandardOutput = true,
        };
        start.Environment["CRM_PG_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CRM_PG_DURABLE"] = "1";
        using var script = Process.Start(start) ?? throw new InvalidOperationException("Could not run scripts/postgres.sh.");
        string server = (await script.StandardOutput.ReadToEndAsync()).Trim();
        await script.WaitForExitAsync();
        if (script.ExitCode != 0 || server.Length == 0) throw new InvalidOperationException("scripts/postgres.sh could not start PostgreSQL.");

        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        foreach (var setting in new[] { "fsync", "synchronous_commit", "full_page_writes" })
        {
            await using var show = new NpgsqlCommand($"SHOW {setting}", connection);
            if ((string?)await show.ExecuteScalarAsync() != "on")
                throw new InvalidOperationException($"The benchmark's PostgreSQL on port {Port} has {setting} off (a test cluster left " +
                    $"there?): stop it with CRM_PG_PORT={Port} scripts/postgres.sh stop and run again.");
        }
        string schema = $"bench_{DateTime.UtcNow:yyyyMMddHHmmss}";
        await using (var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection)) await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }
}
