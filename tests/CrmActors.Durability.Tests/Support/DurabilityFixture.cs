namespace CrmActors.Durability.Tests.Support;

/// <summary>The shared PostgreSQL for every test of this assembly. All tests are in one collection, so they run one
/// after another: the process tests each bring up several .NET processes on a 2-core machine.</summary>
public sealed class DurabilityFixture : IAsyncLifetime
{
    public SharedPostgres Postgres { get; } = new();

    public Task InitializeAsync() => Postgres.StartAsync();

    public Task DisposeAsync() => Postgres.DisposeAsync().AsTask();
}

[CollectionDefinition(Name)]
public sealed class DurabilityCollection : ICollectionFixture<DurabilityFixture>
{
    public const string Name = "durability";
}
