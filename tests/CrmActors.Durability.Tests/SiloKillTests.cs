using CrmActors.Durability.Tests.Support;
using Xunit.Abstractions;

namespace CrmActors.Durability.Tests;

/// <summary>Issue: kill -9 of one silo process during a stream of ≥ 100,000 events over ≥ 10,000 customers, 3 silos
/// and 2 API nodes as real processes, a producer that retries what was not acknowledged with the same bytes.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class SiloKillTests(DurabilityFixture fixture, ITestOutputHelper output)
{
    private readonly Figures _figures = new(output);

    [Fact]
    public async Task A_silo_killed_mid_stream_loses_nothing_counts_nothing_twice_and_everything_is_applied_within_30_s_of_health()
    {
        const int customers = 10_000, events = 100_000;
        var cs = await fixture.Postgres.NewSchemaAsync();
        await using var cluster = await LocalCluster.StartAsync(cs, silos: 3, apis: 2);
        SiloKillScenario.Result result;
        try
        {
            result = await SiloKillScenario.RunAsync(cluster, cs, customers, events, killSilo: 2, log: _figures.Writer);
        }
        catch
        {
            output.WriteLine(cluster.AllLogTails());
            throw;
        }

        _figures.Print($"silo kill: {events:N0} events, {customers:N0} customers; failure detected after {result.DetectionSeconds:F1} s; " +
                       $"recovery (healthy -> every acknowledged event applied) {result.RecoverySeconds:F1} s; " +
                       $"journal {result.JournalRows:N0} rows / {result.DistinctJournalIds:N0} ids; {result.Differences.Count} customers differ");
        Assert.Equal(events, result.JournalRows);                 // nothing lost, nothing journaled twice
        Assert.Equal(events, result.DistinctJournalIds);
        Assert.True(result.Produced.Accepted <= events);
        Assert.Empty(result.Differences.Take(20));                // every customer equals the oracle
        Assert.True(result.RecoverySeconds <= 30, $"applied {result.RecoverySeconds:F1} s after the cluster was healthy again");
    }
}
