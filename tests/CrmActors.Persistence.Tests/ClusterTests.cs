using CrmActors.Abstractions;
using CrmActors.Persistence.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime;

namespace CrmActors.Persistence.Tests;

/// <summary>Real silo hosts clustering through the PostgreSQL membership table of this schema.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterTests(PostgresFixture db)
{
    private const int Active = (int)SiloStatus.Active;
    private const int Dead = (int)SiloStatus.Dead;

    private sealed record Member(string Address, int Port, int Status, int ProxyPort);

    private async Task<List<Member>> Members(string clusterId) =>
        (await db.RowsAsync("SELECT address, port, status, proxy_port FROM orleans_membership WHERE deployment_id = @c ORDER BY port",
            ("c", clusterId)))
        .Select(r => new Member((string)r[0], (int)r[1], (int)r[2], (int)r[3])).ToList();

    [Fact]
    public async Task Two_silos_form_a_cluster_both_Active_in_the_membership_table_and_grain_calls_work_across_them()
    {
        var clusterId = TestIds.New("c");
        await using var first = await PostgresSiloHost.StartAsync(db.ConnectionString, clusterId, clusterId);
        await using var second = await PostgresSiloHost.StartAsync(db.ConnectionString, clusterId, clusterId);

        var members = await Wait.Until(() => Members(clusterId), m => m.Count == 2 && m.All(x => x.Status == Active),
            what: "both silos Active in orleans_membership");
        Assert.Equal(new[] { first.SiloPort, second.SiloPort }.Order(), members.Select(m => m.Port).Order());
        Assert.Equal(new[] { first.GatewayPort, second.GatewayPort }.Order(), members.Select(m => m.ProxyPort).Order());
        Assert.All(members, m => Assert.Equal("127.0.0.1", m.Address));

        // Each silo sees the other as Active through the membership protocol, not only in the table.
        foreach (var silo in new[] { first, second })
            await Wait.Until(() => silo.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true),
                hosts => hosts.Count == 2, what: "two active hosts");

        // Grain calls from either silo reach the same customer grain, wherever it was placed.
        var events = new Events(TestIds.New("cust"));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(1, (await first.IngestAsync(events.Fee(now.AddDays(-3), 2_500m))).Appended);
        var snapshot = await second.Grains.GetGrain<ICustomerGrain>(events.CustomerId).GetSnapshot();
        Assert.NotNull(snapshot);
        Assert.Equal(100m, snapshot.Points); // 2,500 CNY card spending × 400 / 10,000
    }

    [Fact]
    public async Task A_stopped_silo_is_Dead_in_the_membership_table_and_the_other_stays_Active()
    {
        var clusterId = TestIds.New("c");
        await using var staying = await PostgresSiloHost.StartAsync(db.ConnectionString, clusterId, clusterId);
        await using var leaving = await PostgresSiloHost.StartAsync(db.ConnectionString, clusterId, clusterId);
        await Wait.Until(() => Members(clusterId), m => m.Count == 2 && m.All(x => x.Status == Active), what: "two Active silos");

        await leaving.StopAsync();

        var members = await Wait.Until(() => Members(clusterId),
            m => m.Any(x => x.Port == leaving.SiloPort && x.Status == Dead) || m.All(x => x.Port != leaving.SiloPort),
            what: "the stopped silo Dead or removed");
        Assert.Equal(Active, Assert.Single(members, m => m.Port == staying.SiloPort).Status);
        await Wait.Until(() => staying.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true),
            hosts => hosts.Count == 1, what: "one active host left");

        // The cluster goes on working with the remaining silo.
        var events = new Events(TestIds.New("cust"));
        Assert.Equal(1, (await staying.IngestAsync(events.Fee(DateTimeOffset.UtcNow.AddDays(-1), 2_500m))).Appended);
        Assert.Equal(100m, (await staying.Grains.GetGrain<ICustomerGrain>(events.CustomerId).GetSnapshot())!.Points);
    }

    [Fact]
    public async Task A_silo_on_an_empty_database_applies_the_schema_before_membership_and_storage_start()
    {
        var empty = await db.NewSchemaAsync(); // nothing there, not even OrleansQuery
        var clusterId = TestIds.New("c");

        await using var silo = await PostgresSiloHost.StartAsync(empty, clusterId, clusterId);

        var versions = await PostgresFixture.ScalarAsync<long>(empty, "SELECT count(*) FROM crm_schema_version");
        Assert.Equal(SchemaScript.All.Count, (int)versions);
        Assert.Equal(1L, await PostgresFixture.ScalarAsync<long>(empty,
            "SELECT count(*) FROM orleans_membership WHERE deployment_id = @c AND status = 3", ("c", clusterId)));
        var events = new Events(TestIds.New("cust"));
        Assert.Equal(1, (await silo.IngestAsync(events.Fee(DateTimeOffset.UtcNow.AddDays(-1), 2_500m))).Appended);
        Assert.Equal(100m, (await silo.Grains.GetGrain<ICustomerGrain>(events.CustomerId).GetSnapshot())!.Points);
    }

    [Fact]
    public async Task An_external_client_finds_the_gateways_in_the_membership_table()
    {
        var clusterId = TestIds.New("c");
        await using var silo = await PostgresSiloHost.StartAsync(db.ConnectionString, clusterId, clusterId);

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.UseOrleansClient(client =>
        {
            client.UsePostgres(db.ConnectionString);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = clusterId;
            });
        });
        using var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await host.StartAsync(timeout.Token);
        try
        {
            var events = new Events(TestIds.New("cust"));
            var grain = host.Services.GetRequiredService<IClusterClient>().GetGrain<ICustomerGrain>(events.CustomerId);
            await silo.IngestAsync(events.Fee(DateTimeOffset.UtcNow.AddDays(-1), 2_500m));
            Assert.Equal(100m, (await grain.GetSnapshot())!.Points);   // read through the external client
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Clusters_with_different_ids_share_the_database_without_seeing_each_other()
    {
        var one = TestIds.New("c");
        var two = TestIds.New("c");
        await using var a = await PostgresSiloHost.StartAsync(db.ConnectionString, one, one);
        await using var b = await PostgresSiloHost.StartAsync(db.ConnectionString, two, two);

        await Wait.Until(() => Members(one), m => m.Count == 1 && m[0].Status == Active, what: "cluster one");
        await Wait.Until(() => Members(two), m => m.Count == 1 && m[0].Status == Active, what: "cluster two");
        Assert.Single(await a.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
        Assert.Single(await b.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true));
    }
}
