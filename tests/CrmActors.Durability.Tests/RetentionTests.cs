using CrmActors.Abstractions.Changes;
using CrmActors.Durability.Tests.Support;
using CrmActors.Persistence.Journal;
using CrmActors.Scoring;
using CrmActors.Silo;
using Npgsql;

namespace CrmActors.Durability.Tests;

/// <summary>Journal retention (crm_journal_drop_before through the maintenance job's arithmetic): whole monthly
/// partitions older than the window plus the margin go, newer ones stay, and event ids accepted within the window
/// are still recognised as duplicates (or as 409 conflicts).</summary>
[Collection(DurabilityCollection.Name)]
public sealed class RetentionTests(DurabilityFixture fixture)
{
    [Fact]
    public async Task Partitions_older_than_window_plus_margin_are_dropped_newer_stay_and_duplicates_within_the_window_are_recognised()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var source = PostgresJournal.CreateDataSource(cs);
        var journal = new PostgresJournal(source);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        // As JournalMaintenance computes it: window (183 days) plus margin (62 days) before now.
        var keepFrom = today.AddDays(-StarModelOptions.Default.WindowDays - (int)JournalMaintenance.Margin.TotalDays);

        // Twelve months of history: one event accepted in each month (journal row and id registry, back-dated).
        await Execute(cs, $"SELECT crm_journal_ensure_partitions('{firstOfMonth.AddMonths(-12):yyyy-MM-dd}', '{firstOfMonth:yyyy-MM-dd}')");
        var byMonth = new Dictionary<DateOnly, FeeBusinessEvent>();
        for (int k = 12; k >= 0; k--)
        {
            var month = firstOfMonth.AddMonths(-k);
            var e = new FeeBusinessEvent
            {
                CustomerId = "ret-customer", Producer = EventStream.Producer, ChangeId = $"ret-{month:yyyyMM}",
                OccurredAt = DateTimeOffset.UtcNow.AddDays(-1), Business = FeeBusinessType.CardSpending, Amount = 100m + k,
            };
            byMonth[month] = e;
            await journal.AppendAsync([e], default);
            var acceptedAt = month.AddDays(14).ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc);
            await Execute(cs, $"UPDATE crm_journal SET accepted_month = '{month:yyyy-MM-dd}' WHERE event_id = '{e.ChangeId}'");
            await Execute(cs, $"UPDATE crm_event_ids SET accepted_at = '{acceptedAt:O}' WHERE event_id = '{e.ChangeId}'");
        }

        int dropped = await journal.MaintainAsync(today, keepFrom, default);

        var partitions = await Partitions(cs);
        foreach (var month in byMonth.Keys)
        {
            bool whollyOld = month.AddMonths(1) <= keepFrom;
            Assert.Equal(!whollyOld, partitions.Contains($"crm_journal_{month:yyyyMM}"));
            Assert.Equal(whollyOld ? 0L : 1L, await Scalar(cs, $"SELECT count(*) FROM crm_journal WHERE event_id = '{byMonth[month].ChangeId}'"));
        }
        Assert.Equal(byMonth.Keys.Count(m => m.AddMonths(1) <= keepFrom), dropped);
        Assert.Contains($"crm_journal_{firstOfMonth.AddMonths(1):yyyyMM}", partitions); // next month made ahead

        // Ids accepted within the retention (≥ the 183-day window): the same content is a duplicate, other content 409.
        foreach (var (month, e) in byMonth.Where(p => p.Key.AddDays(14) >= keepFrom))
        {
            Assert.True(DateOnly.FromDateTime(DateTime.UtcNow).DayNumber - month.AddDays(14).DayNumber < 250);
            var again = await journal.AppendAsync([e], default);
            Assert.Equal((0, 1), (again.Appended, again.Duplicates));
            Assert.Equal([0], (await journal.AppendAsync([e with { Amount = e.Amount + 1 }], default)).Conflicts);
        }
        // Every id accepted within the window itself is among them.
        var windowStart = today.AddDays(-StarModelOptions.Default.WindowDays);
        Assert.All(byMonth.Where(p => p.Key.AddDays(14) >= windowStart), p => Assert.True(p.Key.AddDays(14) >= keepFrom));
        // Ids accepted before the retention are forgotten.
        Assert.Equal(0L, await Scalar(cs, $"SELECT count(*) FROM crm_event_ids WHERE accepted_at < '{keepFrom:yyyy-MM-dd}'"));
    }

    [Fact]
    public async Task Retention_in_one_schema_leaves_another_schemas_journal_alone()
    {
        var first = await fixture.Postgres.NewSchemaAsync();
        var second = await fixture.Postgres.NewSchemaAsync();
        foreach (var cs in new[] { first, second })
            await Execute(cs, "SELECT crm_journal_ensure_partitions('2020-01-01', '2020-02-01')");

        await using var source = PostgresJournal.CreateDataSource(first);
        await new PostgresJournal(source).MaintainAsync(DateOnly.FromDateTime(DateTime.UtcNow), new DateOnly(2021, 1, 1), default);

        Assert.DoesNotContain("crm_journal_202001", await Partitions(first));
        Assert.Contains("crm_journal_202001", await Partitions(second));
        Assert.Contains("crm_journal_202002", await Partitions(second));
    }

    [Fact]
    public async Task A_month_whose_rows_landed_in_the_default_partition_still_gets_its_partition_and_keeps_the_rows()
    {
        var cs = await fixture.Postgres.NewSchemaAsync();
        // No partition for that month: the rows go to crm_journal_default (as when no silo ran the maintenance).
        await Execute(cs, "INSERT INTO crm_journal (accepted_month, queue, ord, customer_id, event_id, payload) " +
                          "SELECT '2031-05-01', 1, g, 'c', 'e' || g, '\\x00' FROM generate_series(1, 3) g");
        Assert.Equal(3L, await Scalar(cs, "SELECT count(*) FROM crm_journal_default"));

        await Execute(cs, "SELECT crm_journal_ensure_partitions('2031-05-01', '2031-06-01')");

        Assert.Contains("crm_journal_203105", await Partitions(cs));
        Assert.Equal(3L, await Scalar(cs, "SELECT count(*) FROM crm_journal_203105"));
        Assert.Equal(0L, await Scalar(cs, "SELECT count(*) FROM crm_journal_default"));
        Assert.Equal(3L, await Scalar(cs, "SELECT count(*) FROM crm_journal WHERE queue = 1"));

        // Retention reaches rows left in the default partition too.
        await Execute(cs, "INSERT INTO crm_journal (accepted_month, queue, ord, customer_id, event_id, payload) VALUES ('2001-01-01', 1, 1, 'c', 'old', '\\x00')");
        await Execute(cs, "SELECT crm_journal_drop_before('2002-01-01')");
        Assert.Equal(0L, await Scalar(cs, "SELECT count(*) FROM crm_journal_default"));
    }

    [Fact]
    public async Task The_journal_commits_synchronously_even_where_the_server_default_does_not()
    {
        // The throwaway test cluster runs with synchronous_commit = off; a server configured so would acknowledge a
        // batch whose commit record is still in memory, and a database crash would lose it after its 202.
        // scripts/postgres.sh's cluster (CI's) has it off in postgresql.conf; a server configured otherwise still
        // shows that the journal's sessions say "on".
        var cs = await fixture.Postgres.NewSchemaAsync();
        if (ServerDefaultIsOff()) Assert.Equal("off", await SharedPostgres.ScalarAsync<string>(cs, "SHOW synchronous_commit"));
        Assert.Equal("on", await JournalSetting(cs));

        // An explicit choice in the connection string (say, a synchronous standby's remote_apply) is kept.
        var chosen = new NpgsqlConnectionStringBuilder(cs) { Options = "-c synchronous_commit=remote_apply" }.ConnectionString;
        Assert.Equal("remote_apply", await JournalSetting(chosen));
    }

    private static bool ServerDefaultIsOff() =>
        Environment.GetEnvironmentVariable("CRM_PG") is not { Length: > 0 } pg || pg.Contains("Port=55432", StringComparison.Ordinal);

    private static async Task<string?> JournalSetting(string cs)
    {
        await using var source = PostgresJournal.CreateDataSource(cs);
        string? last = null;
        for (int i = 0; i < 3; i++) // pooled connections, also after the pool has reset the session
        {
            await using var connection = await source.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SHOW synchronous_commit", connection);
            var value = (string?)await command.ExecuteScalarAsync();
            Assert.True(last is null || last == value);
            last = value;
        }
        return last;
    }

    private static Task Execute(string cs, string sql) => SharedPostgres.ExecuteAsync(cs, sql);

    private static Task<long> Scalar(string cs, string sql) => SharedPostgres.ScalarAsync<long>(cs, sql);

    private static async Task<HashSet<string>> Partitions(string cs)
    {
        await using var connection = new NpgsqlConnection(cs);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'crm_journal'::regclass", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var names = new HashSet<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }
}
