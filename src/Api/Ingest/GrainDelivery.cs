using System.Collections.Immutable;
using CrmActors.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Ingest;

/// <summary>Hands journaled events to their customer grains: one call per customer with all of that customer's
/// events, customers in parallel with a bound on calls in flight.</summary>
public sealed class GrainDelivery(IGrainFactory grains, IOptions<IngestOptions> options)
{
    /// <summary>Completes when every customer grain has applied its events; throws if any call failed.</summary>
    public async Task DeliverAsync(IReadOnlyList<IngestedEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var perCustomer = events
            .GroupBy(e => e.CustomerId, StringComparer.Ordinal)
            .Select(g => (CustomerId: g.Key, Events: g.ToImmutableArray()))
            .ToList();

        if (perCustomer.Count == 1)
        {
            await grains.GetGrain<ICustomerGrain>(perCustomer[0].CustomerId).Ingest(perCustomer[0].Events);
            return;
        }

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.Value.MaxConcurrentCustomers),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(perCustomer, parallel, async (c, _) =>
            await grains.GetGrain<ICustomerGrain>(c.CustomerId).Ingest(c.Events));
    }
}
