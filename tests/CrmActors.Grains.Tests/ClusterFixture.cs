using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains;
using CrmActors.Persistence.InMemory;
using CrmActors.Silo;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace CrmActors.Grains.Tests;

/// <summary>A real in-process Orleans cluster with the production grains, the in-memory journal and its dispatchers,
/// memory storage, on a clock the tests control. Starts 10 days after a rating day (bank time). Changes reach customers
/// the one way they do in production: appended to the journal, delivered by the dispatchers.</summary>
public class ClusterFixture : IAsyncLifetime
{
    public static readonly TimeSpan BankOffset = TimeSpan.FromHours(8);
    /// <summary>2026-11-11 10:00 in Shanghai; the last rating day was 2026-11-01.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 11, 10, 0, 0, BankOffset);

    public SteppingClock Clock { get; } = new(Start);
    public InMemoryJournal Journal { get; } = new();
    public InMemoryDeadLetters DeadLetters { get; } = new();
    public InProcessTestCluster Cluster { get; private set; } = null!;
    public IClusterClient Client => Cluster.Client;

    /// <summary>The customer grains' options, when a scenario needs others than the default.</summary>
    protected virtual Customers.CustomerGrainOptions? GrainOptions => null;

    /// <summary>The silo's customer sweeper.</summary>
    public Customers.CustomerSweeper Sweeper => Cluster.Silos[0].ServiceProvider.GetRequiredService<Customers.CustomerSweeper>();

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorageAsDefault();
            // Memory storage, not the embedded default's resident-only one: the scenarios deactivate customers.
            silo.AddMemoryGrainStorage(CustomerStorage.Name);
            silo.ConfigureServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                services.AddSingleton(Journal);
                services.AddSingleton<IDeadLetters>(DeadLetters);
                if (GrainOptions is { } options) services.AddSingleton(options);
                services.AddCustomerGrainServices();
                services.AddInMemoryJournal();
                services.AddHostedService<Grains.Journal.JournalQueueKeeper>();
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Appends changes to the journal (as the API does) and waits until every customer named has applied them.</summary>
    public async Task<JournalAppendResult> Ingest(params CustomerChange[] changes)
    {
        var result = await Journal.AppendAsync(changes, default);
        Assert.False(result.HasConflicts, "the journal refused the batch");
        if (result.Appended == 0) return result;
        var last = changes.Select((c, i) => (c.CustomerId, i)).GroupBy(x => x.CustomerId).Select(g => (g.Key, g.Max(x => x.i)));
        foreach (var (customer, index) in last)
            Assert.True(await Client.GetGrain<ICustomerGrain>(customer).WaitApplied(result.PositionOf(index), TimeSpan.FromSeconds(10)),
                $"customer {customer} did not apply the batch within 10 s");
        return result;
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
