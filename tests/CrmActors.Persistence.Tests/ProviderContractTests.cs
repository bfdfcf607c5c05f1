using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using CrmActors.Persistence.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;

namespace CrmActors.Persistence.Tests;

/// <summary>The schema against the Orleans ADO.NET providers' own code, call by call: every query key they load is
/// there, and the membership table and grain storage behave as the providers expect (versions, conflicts).</summary>
[Collection(PostgresCollection.Name)]
public sealed class ProviderContractTests(PostgresFixture db)
{
    [Fact]
    public async Task Every_query_key_the_installed_clustering_provider_requires_is_in_OrleansQuery()
    {
        // The provider checks its DbStoredQueries properties against the table at start-up; read the same list, so
        // that an Orleans upgrade adding a required query fails here rather than at silo start.
        var storedQueries = typeof(AdoNetClusteringTable).Assembly.GetType("Orleans.Clustering.AdoNet.Storage.DbStoredQueries", throwOnError: true)!;
        var required = storedQueries.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name).ToList();

        var keys = await QueryKeys();

        Assert.Contains("MembershipReadAllKey", required);
        Assert.All(required, key => Assert.Contains(key, keys));
        Assert.Contains("CleanupDefunctSiloEntryKey", keys); // optional in 10.4.2, used when present
    }

    [Fact]
    public async Task Every_query_key_the_installed_storage_provider_loads_is_in_OrleansQuery()
    {
        var loaded = Regex.Matches(AdoNetGrainStorage.DefaultInitializationQuery, "'([A-Za-z]+Key)'").Select(m => m.Groups[1].Value).ToList();

        var keys = await QueryKeys();

        Assert.Equal(["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"], loaded);
        Assert.All(loaded, key => Assert.Contains(key, keys));
    }

    [Fact]
    public async Task Membership_table_versions_every_change_and_refuses_stale_or_duplicate_writes()
    {
        var clusterId = TestIds.New("mt");
        var table = new AdoNetClusteringTable(new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = clusterId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = PostgresSilo.Invariant, ConnectionString = db.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);

        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true); // a second silo doing the same
        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);
        Assert.Equal(0, empty.Version.Version);

        var now = DateTime.UtcNow;
        var one = Entry(11111, generation: 1, now);
        Assert.True(await table.InsertRowAsync(one, empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(Entry(22222, 1, now), empty.Version.Next())); // stale version
        var afterInsert = await table.ReadAllAsync();
        Assert.Equal(1, afterInsert.Version.Version);
        Assert.False(await table.InsertRowAsync(one, afterInsert.Version.Next())); // already a member

        var (stored, etag) = Assert.Single(afterInsert.Members);
        Assert.Equal(one.SiloAddress, stored.SiloAddress);
        Assert.Equal(one.SiloName, stored.SiloName);
        Assert.Equal(one.HostName, stored.HostName);
        Assert.Equal(SiloStatus.Active, stored.Status);
        Assert.Equal(one.ProxyPort, stored.ProxyPort);
        Assert.Equal(one.StartTime, stored.StartTime, TimeSpan.FromMilliseconds(1));
        Assert.Equal(DateTimeKind.Utc, stored.StartTime.Kind);
        Assert.Null(stored.SuspectTimes);

        // A heartbeat changes the row but not the membership version.
        var later = now.AddSeconds(5);
        await table.UpdateIAmAliveAsync(new MembershipEntry { SiloAddress = one.SiloAddress, IAmAliveTime = later });
        var afterHeartbeat = await table.ReadRowAsync(one.SiloAddress);
        Assert.Equal(1, afterHeartbeat.Version.Version);
        Assert.Equal(later, Assert.Single(afterHeartbeat.Members).Item1.IAmAliveTime, TimeSpan.FromMilliseconds(1));

        // A suspicion vote, then death, each under the version it read.
        var voter = SiloAddress.New(IPAddress.Loopback, 33333, 7);
        stored.SuspectTimes = [Tuple.Create(voter, now)];
        stored.Status = SiloStatus.Dead;
        Assert.True(await table.UpdateRowAsync(stored, etag, afterHeartbeat.Version.Next()));
        Assert.False(await table.UpdateRowAsync(stored, etag, afterHeartbeat.Version.Next())); // the version moved on
        var dead = await table.ReadRowAsync(one.SiloAddress);
        Assert.Equal(2, dead.Version.Version);
        var deadEntry = Assert.Single(dead.Members).Item1;
        Assert.Equal(SiloStatus.Dead, deadEntry.Status);
        Assert.Equal(voter, Assert.Single(deadEntry.SuspectTimes!).Item1);

        // Reading a silo that is not a member still yields the version.
        var unknown = await table.ReadRowAsync(SiloAddress.New(IPAddress.Loopback, 44444, 1));
        Assert.Empty(unknown.Members!);
        Assert.Equal(2, unknown.Version.Version);

        // Dead rows older than the cut-off go; the version stays (clean-up is not a membership change).
        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));
        var cleaned = await table.ReadAllAsync();
        Assert.Empty(cleaned.Members!);
        Assert.Equal(2, cleaned.Version.Version);

        await table.DeleteMembershipTableEntriesAsync(clusterId);
        Assert.Equal(0L, await db.ScalarAsync<long>(
            "SELECT count(*) FROM orleans_membership_version WHERE deployment_id = @id", ("id", clusterId)));
    }

    [Fact]
    public async Task Grain_storage_versions_each_write_and_refuses_stale_etags()
    {
        var serviceId = TestIds.New("st");
        await using var silo = await PostgresSiloHost.StartAsync(db.ConnectionString, serviceId, serviceId);
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var grain = GrainId.Create("crmtest", "customer-42");

        var missing = new GrainState<List<string>>();
        await storage.ReadStateAsync("contract", grain, missing);
        Assert.False(missing.RecordExists);
        Assert.Null(missing.ETag);
        Assert.Empty(missing.State!);

        var state = new GrainState<List<string>>(["a"]);
        await storage.WriteStateAsync("contract", grain, state);
        Assert.Equal("1", state.ETag);
        Assert.True(state.RecordExists);

        var read = new GrainState<List<string>>();
        await storage.ReadStateAsync("contract", grain, read);
        Assert.Equal(["a"], read.State);
        Assert.Equal("1", read.ETag);
        Assert.True(read.RecordExists);

        // Another activation that never read the row must not overwrite it.
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("contract", grain, new GrainState<List<string>>(["intruder"])));

        state.State!.Add("b");
        await storage.WriteStateAsync("contract", grain, state);
        Assert.Equal("2", state.ETag);
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.WriteStateAsync("contract", grain, new GrainState<List<string>>(["stale"]) { ETag = "1" }));

        await storage.ClearStateAsync("contract", grain, state);
        Assert.False(state.RecordExists);
        Assert.Equal("3", state.ETag);
        var cleared = new GrainState<List<string>>();
        await storage.ReadStateAsync("contract", grain, cleared);
        Assert.False(cleared.RecordExists);
        Assert.Equal("3", cleared.ETag);
        Assert.Empty(cleared.State!);

        state.State = ["c"];
        await storage.WriteStateAsync("contract", grain, state);
        Assert.Equal("4", state.ETag);

        // Other key kinds and other state names are other rows.
        var guidGrain = GrainId.Create(GrainType.Create("crmtest"), GrainIdKeyExtensions.CreateGuidKey(Guid.NewGuid(), "ext"));
        var longGrain = GrainId.Create(GrainType.Create("crmtest"), GrainIdKeyExtensions.CreateIntegerKey(42));
        await storage.WriteStateAsync("contract", guidGrain, new GrainState<List<string>>(["guid"]));
        await storage.WriteStateAsync("contract", longGrain, new GrainState<List<string>>(["long"]));
        await storage.WriteStateAsync("other", grain, new GrainState<List<string>>(["other"]));
        foreach (var (name, id, expected) in new[] { ("contract", guidGrain, "guid"), ("contract", longGrain, "long"), ("other", grain, "other"), ("contract", grain, "c") })
        {
            var s = new GrainState<List<string>>();
            await storage.ReadStateAsync(name, id, s);
            Assert.Equal([expected], s.State);
        }
        Assert.Equal(4L, await db.ScalarAsync<long>("SELECT count(*) FROM orleans_grain_state WHERE service_id = @s", ("s", serviceId)));
    }

    [Fact]
    public async Task Grain_storage_with_DeleteStateOnClear_removes_the_row_and_starts_again_from_version_1()
    {
        var serviceId = TestIds.New("st");
        await using var silo = await PostgresSiloHost.StartAsync(db.ConnectionString, serviceId, serviceId,
            s => s.AddAdoNetGrainStorage("deleting", o =>
            {
                o.Invariant = PostgresSilo.Invariant;
                o.ConnectionString = db.ConnectionString;
                o.DeleteStateOnClear = true;
            }));
        var storage = silo.Host.Services.GetRequiredKeyedService<IGrainStorage>("deleting");
        var grain = GrainId.Create("crmtest", "deleted-1");
        var state = new GrainState<List<string>>(["a"]);
        await storage.WriteStateAsync("contract", grain, state);
        await storage.WriteStateAsync("contract", grain, state);
        Assert.Equal("2", state.ETag);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            storage.ClearStateAsync("contract", grain, new GrainState<List<string>>(["x"]) { ETag = "1", RecordExists = true }));
        await storage.ClearStateAsync("contract", grain, state);

        Assert.Null(state.ETag);
        Assert.False(state.RecordExists);
        Assert.Equal(0L, await db.ScalarAsync<long>("SELECT count(*) FROM orleans_grain_state WHERE service_id = @s", ("s", serviceId)));
        await storage.WriteStateAsync("contract", grain, state);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task The_bulk_dead_silo_cleanup_query_removes_only_old_dead_rows_of_its_cluster()
    {
        // Orleans 10.4.2 prefers the per-row CleanupDefunctSiloEntryKey; the bulk query is the fallback for providers
        // without it, so run its text directly, bound the way the provider binds it.
        var clusterId = TestIds.New("mt");
        var table = new AdoNetClusteringTable(new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = clusterId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = PostgresSilo.Invariant, ConnectionString = db.ConnectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        var old = DateTime.UtcNow.AddHours(-2);
        foreach (var (port, status, at) in new[] { (1, SiloStatus.Dead, old), (2, SiloStatus.Active, old), (3, SiloStatus.Dead, DateTime.UtcNow) })
        {
            var entry = Entry(port, 1, at);
            entry.Status = status;
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }
        var bulk = (string)(await db.RowsAsync("SELECT querytext FROM orleansquery WHERE querykey = 'CleanupDefunctSiloEntriesKey'"))[0][0];

        await using (var connection = new Npgsql.NpgsqlConnection(db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(bulk, connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter("DeploymentId", System.Data.DbType.String) { Value = clusterId });
            command.Parameters.Add(new Npgsql.NpgsqlParameter("IAmAliveTime", System.Data.DbType.DateTime) { Value = DateTime.UtcNow.AddHours(-1) });
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Equal([2, 3], (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress.Endpoint.Port).Order());
    }

    private async Task<HashSet<string>> QueryKeys() =>
        (await db.RowsAsync("SELECT querykey FROM orleansquery")).Select(r => (string)r[0]).ToHashSet();

    private static MembershipEntry Entry(int port, int generation, DateTime now) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation),
        SiloName = $"silo-{port}",
        HostName = "test-host",
        Status = SiloStatus.Active,
        ProxyPort = port + 1,
        StartTime = now,
        IAmAliveTime = now,
    };
}
