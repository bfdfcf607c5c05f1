using System.Collections.Concurrent;
using CrmActors.Durability.Tests.Support;
using Xunit.Abstractions;

namespace CrmActors.Durability.Tests;

/// <summary>One silo and two API nodes as real processes, shared by the tests of this class (one schema; each test
/// uses customers of its own).</summary>
public sealed class TwoApiCluster : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public LocalCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The collection fixture's PostgreSQL is not reachable from a class fixture's constructor: start our own view.
        await using var probe = new SharedPostgres();
        await probe.StartAsync();
        ConnectionString = SharedPostgres.InSchema(probe.ConnectionString, $"api_{Guid.NewGuid():N}"[..16]);
        var schema = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).SearchPath!;
        await SharedPostgres.ExecuteAsync(probe.ConnectionString, $"CREATE SCHEMA {schema}");
        await Persistence.SchemaMigrator.ApplyAsync(ConnectionString);
        Cluster = await LocalCluster.StartAsync(ConnectionString, silos: 1, apis: 2);
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null) await Cluster.DisposeAsync();
        var schema = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString).SearchPath;
        var server = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = null }.ConnectionString;
        try { await SharedPostgres.ExecuteAsync(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE"); }
        catch (Npgsql.NpgsqlException) { }
    }
}

/// <summary>Issue: kill -9 of an API process mid-batch (every event acknowledged before the kill is applied; the
/// producer's retry of unacknowledged batches double-counts nothing), and every event of a stream sent twice in
/// shuffled order gives the same result as once.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class ApiNodeTests(DurabilityFixture fixture, TwoApiCluster nodes, ITestOutputHelper output) : IClassFixture<TwoApiCluster>
{
    private readonly Figures _figures = new(output);
    private LocalCluster Cluster => nodes.Cluster;
    private string Cs => nodes.ConnectionString;

    [Fact]
    public async Task An_api_node_killed_mid_batch_loses_no_acknowledged_event_and_the_retries_count_nothing_twice()
    {
        _ = fixture;
        const int customers = 5_000, events = 60_000;
        var stream = EventStream.Generate($"a{Guid.NewGuid():N}"[..7], customers, events, seed: 11, DateTimeOffset.UtcNow);
        var batches = stream.Batches(2_000); // large batches: a request is in flight at API 1 when it dies
        var ackedBeforeKill = new ConcurrentBag<int>();
        int acked = 0;
        Task? kill = null;
        bool killed = false;
        using var producer = new Producer(Cluster.ApiUris);
        var report = await producer.RunAsync(batches, concurrency: 6, onAcked: b =>
        {
            if (!Volatile.Read(ref killed)) ackedBeforeKill.Add(b.Index);
            if (Interlocked.Increment(ref acked) == 2)   // early: acknowledgements are fast, most batches still to come
            {
                Volatile.Write(ref killed, true);
                kill = Cluster.Kill9Async("api", 1);
            }
        });
        await kill!;
        _figures.Print($"api kill: {events:N0} events in {report.Elapsed.TotalSeconds:F1} s; {ackedBeforeKill.Count} of {batches.Count} batches acknowledged before the kill; " +
                       $"{report.Failures} attempts cut or refused and retried on the other node; {report.Duplicates} events answered as duplicates");
        Assert.True(report.Failures > 0, "no request was cut by the kill");

        await Cluster.RestartAsync("api", 1); // the node comes back and serves again
        await Delivery.AllDeliveredAsync(Cs, TimeSpan.FromMinutes(3));
        var (rows, distinct) = await RunRowsAsync(stream.Events[0].ChangeId);
        Assert.Equal(events, rows);
        Assert.Equal(events, distinct);
        Assert.Equal(events, report.Accepted + report.Batches.Where(b => b.Attempts > 1).Sum(b => b.Duplicates));

        using var reader = new ClusterReader([Cluster.Api(1), Cluster.Api(2)], Cs);
        var expected = Oracle.Expected(stream.Events);
        Assert.Empty((await reader.DifferencesAsync(expected)).Take(20));
        // In particular every event of every batch acknowledged before the kill is journaled (and so applied above).
        var ackedIds = ackedBeforeKill.SelectMany(i => stream.Events.Skip(i * 2_000).Take(2_000)).Select(e => e.ChangeId).ToArray();
        Assert.NotEmpty(ackedIds);
        Assert.Equal(ackedIds.Length, await SharedPostgres.ScalarAsync<long>(Cs,
            $"SELECT count(*) FROM crm_journal WHERE event_id = ANY(ARRAY['{string.Join("','", ackedIds)}'])"));
    }

    [Fact]
    public async Task Every_event_sent_twice_in_shuffled_order_gives_the_same_result_as_once()
    {
        const int customers = 4_000, events = 20_000;
        var stream = EventStream.Generate($"d{Guid.NewGuid():N}"[..7], customers, events, seed: 12, DateTimeOffset.UtcNow);
        var twice = stream.Events.Concat(stream.Events).ToArray();
        new Random(5).Shuffle(twice);

        using var producer = new Producer(Cluster.ApiUris);
        var report = await producer.RunAsync(stream.Batches(1_000, twice), concurrency: 8);
        _figures.Print($"twice, shuffled: {twice.Length:N0} events sent, {report.Accepted:N0} accepted, {report.Duplicates:N0} duplicates");
        Assert.Equal(events, report.Accepted);
        Assert.Equal(events, report.Duplicates);

        await Delivery.AllDeliveredAsync(Cs, TimeSpan.FromMinutes(3));
        var (rows, distinct) = await RunRowsAsync(stream.Events[0].ChangeId);
        Assert.Equal(events, rows);
        Assert.Equal(events, distinct);
        using var reader = new ClusterReader(Cluster.ApiUris, Cs);
        Assert.Empty((await reader.DifferencesAsync(Oracle.Expected(stream.Events))).Take(20));
    }

    /// <summary>Journal rows and distinct ids of one stream (its ids share the run prefix).</summary>
    private async Task<(long Rows, long Distinct)> RunRowsAsync(string anyEventId)
    {
        var prefix = anyEventId[..anyEventId.IndexOf('-')];
        await using var connection = new Npgsql.NpgsqlConnection(Cs);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*), count(DISTINCT event_id) FROM crm_journal WHERE event_id LIKE $1", connection);
        command.Parameters.AddWithValue(prefix + "-%");
        await using var r = await command.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
