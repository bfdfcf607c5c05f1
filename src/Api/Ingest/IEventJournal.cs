using CrmActors.Abstractions;

namespace CrmActors.Api.Ingest;

/// <summary>Where accepted events are recorded before any grain applies them (contract: 202 only once every accepted
/// event is durable). Idempotent on <c>eventId</c>. The embedded default keeps it in memory
/// (<see cref="InMemoryEventJournal"/>); a PostgreSQL journal replaces it for durable deployments.</summary>
public interface IEventJournal
{
    /// <summary>Appends a validated batch all-or-nothing: either every new event is appended, or — when an event id is
    /// already used with different content, in the journal or within the batch — nothing is, and the conflicts are
    /// returned.</summary>
    Task<JournalAppendResult> AppendAsync(IReadOnlyList<IngestedEvent> batch, CancellationToken cancellationToken);

    /// <summary>Records that the customer grains have applied these events, so a re-sent batch does not deliver
    /// them again.</summary>
    Task MarkAppliedAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken);
}
