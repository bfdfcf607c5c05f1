using CrmActors.Abstractions;
using CrmActors.Grains.Customers;

namespace CrmActors.Grains.Tests;

/// <summary>The silo's sweeper in place of a timer per customer: an idle customer sets its expanded ledger aside and
/// leaves the sweeper's list, a busy one stays, and either reads the same afterwards. Own cluster: a one-second flush
/// period, state not stored (as on the embedded default).</summary>
public sealed class SweeperScenarios(SweeperScenarios.ShortPeriod fixture) : IClassFixture<SweeperScenarios.ShortPeriod>
{
    public sealed class ShortPeriod : ClusterFixture
    {
        protected override CustomerGrainOptions GrainOptions { get; } =
            new(TimeSpan.FromSeconds(1), FlushOnShutdown: false, StoresState: false);
    }

    [Fact]
    public async Task An_idle_customer_is_swept_and_reads_the_same_after_it_expands_again()
    {
        var events = new EventFactory("swept");
        await fixture.Ingest(events.Balance(ClusterFixture.Start.AddDays(-200), 300_000m), events.Fee(ClusterFixture.Start.AddDays(-1), 2_000m));
        var before = await fixture.Client.GetGrain<ICustomerGrain>(events.CustomerId).GetSnapshot();
        Assert.True(fixture.Sweeper.Count > 0);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (fixture.Sweeper.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{fixture.Sweeper.Count} customers still enrolled after 15 s idle");
            await Task.Delay(100);
        }

        var after = await fixture.Client.GetGrain<ICustomerGrain>(events.CustomerId).GetSnapshot();
        Assert.Equal(before! with { AsOf = default, Products = [], VisitedBranches = [] }, after! with { AsOf = default, Products = [], VisitedBranches = [] });
        Assert.Equal(1, fixture.Sweeper.Count);                 // expanded again: enrolled again
        Assert.Equal(4_130m, after.Points);
    }

    [Fact]
    public async Task Many_customers_due_at_once_are_swept_a_few_at_a_time_and_all_of_them()
    {
        var customers = Enumerable.Range(0, 300).Select(i => new EventFactory($"herd-{i}")).ToArray();
        await fixture.Ingest([.. customers.Select(c => (Abstractions.Changes.CustomerChange)c.Fee(ClusterFixture.Start.AddDays(-1), 10_000m))]);
        var first = await fixture.Client.GetGrain<ICustomerGrain>(customers[0].CustomerId).GetSnapshot();

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (fixture.Sweeper.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{fixture.Sweeper.Count} customers still enrolled after 20 s idle");
            await Task.Delay(100);
        }

        Assert.InRange(fixture.Sweeper.MostInFlight, 1, CustomerSweeper.MaxSweepsInFlight);
        foreach (var c in customers.Where((_, i) => i % 30 == 0))
            Assert.Equal(first!.Points, (await fixture.Client.GetGrain<ICustomerGrain>(c.CustomerId).GetSnapshot())!.Points);
    }
}
