using CrmActors.Abstractions;

namespace CrmActors.Api.Ingest;

/// <summary>The outcome of <see cref="IEventJournal.AppendAsync"/>.</summary>
/// <param name="Appended">Events of the batch that were new to the journal.</param>
/// <param name="Duplicates">Events of the batch already in the journal (or earlier in the batch) with the same content.</param>
/// <param name="ToApply">What the grains must still apply: the appended events plus duplicates whose earlier
/// delivery never completed (e.g. a grain call failed and the producer retries after a 503). Grains are idempotent,
/// so delivering one twice is harmless; never delivering one would lose it.</param>
/// <param name="Conflicts">Event ids used with different content; when not empty, nothing was appended.</param>
public sealed record JournalAppendResult(
    int Appended,
    int Duplicates,
    IReadOnlyList<IngestedEvent> ToApply,
    IReadOnlyList<JournalConflict> Conflicts)
{
    public bool HasConflicts => Conflicts.Count > 0;

    public static JournalAppendResult Conflicted(IReadOnlyList<JournalConflict> conflicts) => new(0, 0, [], conflicts);
}

/// <summary>An event id of the batch (at <paramref name="Index"/>) already used with different content.</summary>
public sealed record JournalConflict(int Index, string EventId);
