using CrmActors.Abstractions;
using CrmActors.Abstractions.Journal;

namespace CrmActors.Grains;

/// <summary>What a customer grain keeps in grain storage: the ledger's compact snapshot and the audit history of
/// star changes, and (durable mode) how far into the journal the snapshot reaches. The ledger's derived sums are not stored; they are rebuilt from the snapshot.</summary>
[GenerateSerializer, Alias("crm.CustomerGrainState")]
public sealed class CustomerGrainState
{
    [Id(0)] public byte[]? Ledger { get; set; }
    [Id(1)] public List<StarChangeNotice> History { get; set; } = [];
    /// <summary>The journal position of the last journaled event the snapshot includes (durable mode): on activation
    /// the grain replays only what comes after it.</summary>
    [Id(2)] public JournalPosition Applied { get; set; }
}
