namespace CrmActors.Abstractions;

/// <summary>What a customer grain did with a delivery: changes newly applied, changes it had already applied, and
/// changes it could not apply and set aside (dead letters).</summary>
[GenerateSerializer, Immutable, Alias("crm.IngestOutcome")]
public sealed record IngestOutcome(
    [property: Id(0)] int Applied, [property: Id(1)] int Duplicates, [property: Id(2)] int SetAside = 0);
