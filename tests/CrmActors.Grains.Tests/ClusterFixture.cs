using CrmActors.Abstractions;
using CrmActors.Grains;
using CrmActors.Silo;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace CrmActors.Grains.Tests;

/// <summary>A real in-process Orleans cluster with the production grain, memory storage and memory streams,
/// on a clock the tests control. Starts 10 days after a rating day (bank time).</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan BankOffset = TimeSpan.FromHours(8);
    /// <summary>2026-11-11 10:00 in Shanghai; the last rating day was 2026-11-01.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 11, 10, 0, 0, BankOffset);

    public SteppingClock Clock { get; } = new(Start);
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.AddMemoryGrainStorage("PubSubStore");
            // Memory storage, not the embedded default's resident-only one: the scenarios deactivate customers.
            silo.AddMemoryGrainStorage(CustomerStorage.Name);
            silo.AddStarChangeStreams();
            silo.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddCustomerGrainServices();
            });
        });
        builder.ConfigureClient(client => client.AddMemoryStreams(StarChangeStream.ProviderName));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
