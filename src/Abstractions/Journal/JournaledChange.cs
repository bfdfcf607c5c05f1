using CrmActors.Abstractions.Changes;

namespace CrmActors.Abstractions.Journal;

/// <summary>A change as the journal holds it: the change and where it stands in the journal.</summary>
/// <param name="Trace">The W3C trace context (traceparent) of the <see cref="EngineTracing.JournalAppend"/> span that
/// journaled it, when tracing was on; null otherwise.</param>
[GenerateSerializer, Immutable, Alias("crm.JournaledChange")]
public sealed record JournaledChange(
    [property: Id(0)] CustomerChange Change,
    [property: Id(1)] JournalPosition Position,
    [property: Id(2)] string? Trace = null);
