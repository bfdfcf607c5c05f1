namespace CrmActors.Abstractions;

/// <summary>What a customer grain did with a batch: events newly applied and events it had already seen.</summary>
[GenerateSerializer, Immutable, Alias("crm.IngestOutcome")]
public sealed record IngestOutcome([property: Id(0)] int Applied, [property: Id(1)] int Duplicates);
