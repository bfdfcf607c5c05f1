using CrmActors.Abstractions;
using CrmActors.Abstractions.Journal;
using CrmActors.Grains.Customers;
using Orleans.Serialization;

namespace CrmActors.Grains.Rules;

/// <summary>Every customer of a durable cluster, resident or not: the stored states in one streamed pass, and for each
/// page of them one journal read of what the customers applied after their state was written (a customer writes its
/// state every flush period, and one whose silo died never wrote its last changes).</summary>
public sealed class StoredSeedSource(IStoredCustomerStates states, IJournalReader journal, Serializer serializer) : IImpactSeedSource
{
    public const int PageSize = 1_000;

    public async IAsyncEnumerable<IReadOnlyList<SeedCustomer>> ReadAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = new List<(string Id, CustomerGrainState State)>(PageSize);
        await foreach (var row in states.ReadAllAsync(CustomerStorage.StateName, cancellationToken))
        {
            var state = serializer.Deserialize<CustomerGrainState>(row.Payload);
            if (state?.Ledger is null) continue;
            page.Add((row.Key, state));
            if (page.Count < PageSize) continue;
            yield return await WithJournal(page, cancellationToken);
            page.Clear();
        }
        if (page.Count > 0) yield return await WithJournal(page, cancellationToken);
    }

    private async Task<IReadOnlyList<SeedCustomer>> WithJournal(List<(string Id, CustomerGrainState State)> page, CancellationToken cancellationToken)
    {
        var after = journal.Replays
            ? (await journal.ReadCustomersAsync([.. page.Select(p => new CustomerFrom(p.Id, p.State.Applied))], cancellationToken))
                .GroupBy(c => c.Change.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<JournaledChange>)[.. g], StringComparer.Ordinal)
            : [];
        return [.. page.Select(p => new SeedCustomer(p.Id, p.State.Ledger!, p.State.Applied, after.GetValueOrDefault(p.Id) ?? []))];
    }
}
