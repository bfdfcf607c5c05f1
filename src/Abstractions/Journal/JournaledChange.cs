using CrmActors.Abstractions.Changes;

namespace CrmActors.Abstractions.Journal;

/// <summary>A change as the journal holds it: the change and where it stands in the journal.</summary>
[GenerateSerializer, Immutable, Alias("crm.JournaledChange")]
public sealed record JournaledChange([property: Id(0)] CustomerChange Change, [property: Id(1)] JournalPosition Position);
