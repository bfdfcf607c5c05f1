using CrmActors.Abstractions;

namespace CrmActors.Grains;

/// <summary>What a customer grain keeps in grain storage: the ledger's compact snapshot and the audit history of
/// star changes. The ledger's derived sums are not stored; they are rebuilt from the snapshot.</summary>
[GenerateSerializer, Alias("crm.CustomerGrainState")]
public sealed class CustomerGrainState
{
    [Id(0)] public byte[]? Ledger { get; set; }
    [Id(1)] public List<StarChangeNotice> History { get; set; } = [];
}
