using System.Collections.Immutable;
using CrmActors.Abstractions.History;
using CrmActors.Abstractions.Journal;
using CrmActors.Abstractions.Outlook;
using Orleans.Concurrency;

namespace CrmActors.Abstractions;

/// <summary>One bank customer (key: the bank-wide customer number). Applies the journal's changes through the star
/// model — delivered by the journal's dispatchers, or replayed from the journal when it activates — and is otherwise
/// read-only: there is no other way to change a customer.</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Applies changes delivered from the journal, in journal order. A change already applied changes
    /// nothing; a change that cannot be applied is set aside as a dead letter and the others are applied.</summary>
    Task<IngestOutcome> ApplyJournaled(ImmutableArray<JournaledChange> changes);

    /// <summary>Completes when every journal change of this customer up to <paramref name="position"/> is applied
    /// (true), or after <paramref name="timeout"/> (false). How a staff command's answer waits for its effect.</summary>
    [AlwaysInterleave]
    Task<bool> WaitApplied(JournalPosition position, TimeSpan timeout);

    /// <summary>The customer's standing now, or null for a customer never seen.</summary>
    Task<CustomerSnapshot?> GetSnapshot();

    /// <summary>From the silo's sweeper (one timer per silo, not per customer): writes what is owed, and sets an idle
    /// customer's expanded ledger aside. Awaited, so the sweeper can bound how many write at once.</summary>
    Task Sweep();

    /// <summary>The customer's tier outlook now (docs/contract-extension-outlook.md), or null for a customer never seen.</summary>
    Task<CustomerOutlook?> GetOutlook();

    /// <summary>From the silo's sweeper when the customer's outlook is due again (a day passed while at risk, the next
    /// rating day, a manual setting's expiry): re-evaluates it and tells the portfolio when it changed. Awaited, so the
    /// sweeper can bound how many run at once.</summary>
    Task RefreshOutlook();

    /// <summary>The customer's ledger as a compact snapshot and how far into the journal it reaches, without expanding
    /// it; null for a customer never seen. What a rule version's impact seed reads of a customer kept resident.</summary>
    Task<LedgerExport?> ExportLedger();

    /// <summary>Service-star changes numbered after <paramref name="afterSeq"/>, oldest first, from the durable history.</summary>
    Task<StarHistoryPage> GetHistory(long afterSeq, int limit);
}

/// <summary>A customer's ledger snapshot (<c>CustomerLedger.ToSnapshot</c>) and the journal position it includes.</summary>
[GenerateSerializer, Immutable, Alias("crm.LedgerExport")]
public sealed record LedgerExport([property: Id(0)] byte[] Ledger, [property: Id(1)] JournalPosition Applied);
