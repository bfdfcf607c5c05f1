using CrmActors.Silo;
using Npgsql;

namespace CrmActors.Durability.Tests;

/// <summary>Each process's PostgreSQL pools are bounded: with Npgsql's default of 100 per pool, a silo (storage +
/// journal) could open 200 connections and an API node 100, so a few processes exhausted max_connections and grain
/// activations failed with 53300 "remaining connection slots are reserved" (seen in the cluster runs).</summary>
public sealed class ConnectionBudgetTests
{
    [Fact]
    public void A_connection_string_without_a_pool_size_gets_the_default_limit()
    {
        var limited = new NpgsqlConnectionStringBuilder(DurableSilo.WithPoolLimit("Host=h;Database=d;Username=u;Password=p"));
        Assert.Equal(DurableSilo.DefaultMaxPoolSize, limited.MaxPoolSize);
        Assert.Equal("p", limited.Password);
    }

    [Theory]
    [InlineData("Host=h;Maximum Pool Size=40")]
    [InlineData("Host=h;MaxPoolSize=40")]
    public void A_pool_size_chosen_in_the_connection_string_is_kept(string connectionString) =>
        Assert.Equal(40, new NpgsqlConnectionStringBuilder(DurableSilo.WithPoolLimit(connectionString)).MaxPoolSize);
}
