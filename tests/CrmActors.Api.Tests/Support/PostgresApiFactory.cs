using CrmActors.Api.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace CrmActors.Api.Tests.Support;

/// <summary>The real application in PostgreSQL mode (<c>Hosting:Mode Postgres</c>: API and a durable silo in this
/// process) on a schema of its own in the test database (<c>CRM_PG</c>, started by <c>./test.sh</c>), with the demo
/// identities turned on as a local durable run does.</summary>
public class PostgresApiFactory : CrmApiFactory
{
    private readonly string _connectionString = NewSchema();

    public string ConnectionString => _connectionString;

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        (HostingInfo.ModeKey, nameof(HostingMode.Postgres)),
        (HostingInfo.DemoKey, "true"),
        (DurableHosting.ConnectionStringKey, _connectionString),
    ];

    /// <summary>Demo identities in a durable mode start only in the Development environment (docs/security.md).</summary>
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environments.Development);
    }

    public override async Task<long> UndeliveredAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM crm_journal j LEFT JOIN crm_journal_checkpoint c ON c.queue = j.queue " +
            "WHERE c.queue IS NULL OR (j.txid, j.ord) > (c.txid, c.ord)", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string NewSchema()
    {
        var server = Environment.GetEnvironmentVariable("CRM_PG") is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException("PostgreSQL-mode tests need CRM_PG (./test.sh starts a PostgreSQL and sets it).");
        var schema = $"api_{Guid.NewGuid():N}"[..20];
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }
}
