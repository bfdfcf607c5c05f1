using CrmActors.Persistence.Tests.Support;
using Npgsql;

namespace CrmActors.Persistence.Tests;

/// <summary>The versioned schema scripts and the migrator that applies them: applying twice, or from two starters
/// at once, is harmless.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaMigratorTests(PostgresFixture db)
{
    private static int[] AllVersions => SchemaScript.All.Select(s => s.Version).ToArray();

    [Fact]
    public void The_embedded_scripts_are_numbered_from_1_without_gaps()
    {
        Assert.NotEmpty(SchemaScript.All);
        Assert.Equal(Enumerable.Range(1, SchemaScript.All.Count), AllVersions);
        Assert.Equal(["orleans_main", "orleans_clustering", "orleans_persistence"], SchemaScript.All.Take(3).Select(s => s.Name));
    }

    [Fact]
    public async Task Applying_twice_applies_each_script_once_and_then_nothing()
    {
        var cs = await db.NewSchemaAsync();

        var first = await SchemaMigrator.ApplyAsync(cs);
        var second = await SchemaMigrator.ApplyAsync(cs);

        Assert.Equal(AllVersions, first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal(AllVersions[^1], second.CurrentVersion);
        Assert.Equal((long)AllVersions.Length, await PostgresFixture.ScalarAsync<long>(cs, "SELECT count(*) FROM crm_schema_version"));
        Assert.Equal(
            SchemaScript.All.Select(s => s.Checksum),
            (await Rows(cs, "SELECT checksum FROM crm_schema_version ORDER BY version")).Select(r => (string)r[0]));
    }

    [Fact]
    public async Task Two_starters_at_once_take_turns_and_each_script_is_applied_exactly_once()
    {
        var cs = await db.NewSchemaAsync();

        var results = await Task.WhenAll(
            Task.Run(() => SchemaMigrator.ApplyAsync(cs)),
            Task.Run(() => SchemaMigrator.ApplyAsync(cs)),
            Task.Run(() => SchemaMigrator.ApplyAsync(cs)));

        Assert.Equal(AllVersions, results.SelectMany(r => r.Applied).Order());
        Assert.All(results, r => Assert.Equal(AllVersions[^1], r.CurrentVersion));
        Assert.Equal((long)AllVersions.Length, await PostgresFixture.ScalarAsync<long>(cs, "SELECT count(*) FROM crm_schema_version"));
    }

    [Fact]
    public async Task A_partly_migrated_database_gets_only_the_missing_scripts()
    {
        var cs = await db.NewSchemaAsync();

        var first = await SchemaMigrator.ApplyAsync(cs, SchemaScript.All.Take(1).ToList());
        var rest = await SchemaMigrator.ApplyAsync(cs);

        Assert.Equal([1], first.Applied);
        Assert.Equal(AllVersions.Skip(1), rest.Applied);
    }

    [Fact]
    public async Task Each_script_run_again_by_hand_outside_the_migrator_is_harmless()
    {
        var cs = await db.NewSchemaAsync();
        await SchemaMigrator.ApplyAsync(cs);
        var queriesBefore = await Rows(cs, "SELECT querykey, querytext FROM orleansquery ORDER BY querykey");

        await using (var connection = new NpgsqlConnection(cs))
        {
            await connection.OpenAsync();
            foreach (var script in SchemaScript.All)
            {
                await using var command = new NpgsqlCommand(script.Sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }

        var queriesAfter = await Rows(cs, "SELECT querykey, querytext FROM orleansquery ORDER BY querykey");
        Assert.Equal(queriesBefore.Select(r => $"{r[0]}={r[1]}"), queriesAfter.Select(r => $"{r[0]}={r[1]}"));
    }

    [Fact]
    public async Task A_failing_script_leaves_neither_its_changes_nor_its_version_row()
    {
        var cs = await db.NewSchemaAsync();
        var broken = new SchemaScript(99, "broken", "CREATE TABLE half_done (id int); SELECT 1/0;");

        await Assert.ThrowsAsync<PostgresException>(() => SchemaMigrator.ApplyAsync(cs, [.. SchemaScript.All, broken]));

        Assert.Equal(AllVersions[^1], await PostgresFixture.ScalarAsync<int>(cs, "SELECT max(version) FROM crm_schema_version"));
        Assert.Equal(0L, await PostgresFixture.ScalarAsync<long>(cs,
            "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done' AND schemaname = current_schema()"));
        // And the advisory lock was released: the next start is not blocked.
        var again = await SchemaMigrator.ApplyAsync(cs);
        Assert.Empty(again.Applied);
    }

    private static async Task<List<object[]>> Rows(string cs, string sql)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
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
}
