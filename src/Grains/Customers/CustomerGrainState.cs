using CrmActors.Abstractions.Journal;

namespace CrmActors.Grains.Customers;

/// <summary>What a customer grain keeps in grain storage: the ledger's compact snapshot, how far into the journal it
/// reaches, and how many star changes of the customer's history it covers. The ledger's derived sums are not stored;
/// they are rebuilt from the snapshot. The history itself lives in the star-history store.</summary>
[GenerateSerializer, Alias("crm.CustomerGrainState")]
public sealed class CustomerGrainState
{
    [Id(0)] public byte[]? Ledger { get; set; }

    /// <summary>The journal position of the last change the snapshot includes: on activation the grain replays only
    /// what comes after it. Invariant: every journal change of this customer at or before it is in the snapshot.</summary>
    [Id(2)] public JournalPosition Applied { get; set; }

    /// <summary>The number of the last history entry the snapshot's ledger announced; every entry up to it is in the
    /// star-history store (it is written before the snapshot).</summary>
    [Id(3)] public long HistorySeq { get; set; }
}
