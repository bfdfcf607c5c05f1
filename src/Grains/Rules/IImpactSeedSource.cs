using CrmActors.Abstractions.Journal;

namespace CrmActors.Grains.Rules;

/// <summary>Where an impact seed finds every customer: their stored states with the journal after them (durable
/// modes, <see cref="StoredSeedSource"/>), or the customers kept resident (the embedded default, which stores
/// nothing: <see cref="ResidentSeedSource"/>).</summary>
public interface IImpactSeedSource
{
    /// <summary>Every customer once, a page at a time.</summary>
    IAsyncEnumerable<IReadOnlyList<SeedCustomer>> ReadAsync(CancellationToken cancellationToken);
}

/// <summary>A customer's ledger snapshot, the journal position it includes, and the journal's changes of the customer
/// after it (applied on top: a stored state may lag what the customer has applied).</summary>
public sealed record SeedCustomer(string CustomerId, byte[] Ledger, JournalPosition Applied, IReadOnlyList<JournaledChange> After);
