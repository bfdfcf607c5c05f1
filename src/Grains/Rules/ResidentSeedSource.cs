using CrmActors.Grains.Customers;

namespace CrmActors.Grains.Rules;

/// <summary>Every customer of the embedded default, where customers are never collected and store nothing: the
/// cluster's customer activations, each asked for its ledger (a copy of the compact snapshot, not expanded).</summary>
public sealed class ResidentSeedSource(IGrainFactory grains, CustomerReferences customers) : IImpactSeedSource
{
    public const int PageSize = 1_000;
    /// <summary>Calls in flight at once: each is a turn of a customer grain, taken between its deliveries.</summary>
    private const int Concurrency = 32;

    public async IAsyncEnumerable<IReadOnlyList<SeedCustomer>> ReadAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var active = await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(customers.GrainType);
        foreach (var chunk in active.Chunk(PageSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = new List<SeedCustomer>(chunk.Length);
            foreach (var group in chunk.Chunk(Concurrency))
            {
                var exports = await Task.WhenAll(group.Select(async id =>
                {
                    string customerId = id.Key.ToString()!;
                    return (customerId, Export: await customers.Get(customerId).ExportLedger());
                }));
                foreach (var (customerId, export) in exports)
                    if (export is not null) page.Add(new SeedCustomer(customerId, export.Ledger, export.Applied, []));
            }
            yield return page;
        }
    }
}
