namespace CrmActors.Abstractions.Journal;

/// <summary>An accepted event as the journal holds it: the event and where it stands in the journal.</summary>
[GenerateSerializer, Immutable, Alias("crm.JournaledEvent")]
public sealed record JournaledEvent([property: Id(0)] IngestedEvent Event, [property: Id(1)] JournalPosition Position);
