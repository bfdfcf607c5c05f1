using CrmActors.Abstractions.Changes;

namespace CrmActors.Abstractions.Journal;

/// <summary>Where every change to a customer is recorded before any grain applies it (contract: 202 only once every
/// accepted event is durable): ingested events and staff commands alike. Idempotent per (producer, change id). The
/// journal's dispatchers deliver what it holds to the customer grains; nothing else does.</summary>
public interface IJournal
{
    /// <summary>Appends a batch whose (producer, change id) pairs are distinct, all or nothing: either every new change
    /// is appended, or — when a pair is already journaled with other content — nothing is, and the conflicting indexes
    /// are returned. Throws <see cref="JournalUnavailableException"/> when the batch cannot be made durable now.</summary>
    Task<JournalAppendResult> AppendAsync(IReadOnlyList<CustomerChange> batch, CancellationToken cancellationToken);
}

/// <summary>The outcome of <see cref="IJournal.AppendAsync"/>.</summary>
/// <param name="Appended">Changes new to the journal.</param>
/// <param name="Duplicates">Changes already journaled with the same content.</param>
/// <param name="Conflicts">Indexes into the batch of changes journaled with other content; when any, nothing was appended.</param>
/// <param name="Txid">The journal transaction of this batch: change i (0-based) of an appended batch is at
/// (<paramref name="Txid"/>, i + 1).</param>
[GenerateSerializer, Immutable, Alias("crm.JournalAppendResult")]
public sealed record JournalAppendResult(
    [property: Id(0)] int Appended,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] IReadOnlyList<int> Conflicts,
    [property: Id(3)] ulong Txid)
{
    public bool HasConflicts => Conflicts.Count > 0;

    /// <summary>Where change <paramref name="index"/> of an appended batch stands in the journal.</summary>
    public JournalPosition PositionOf(int index) => new(Txid, index + 1);
}

/// <summary>The journal cannot take a batch now (database down, in-memory journal full): nothing was appended; the
/// producer retries (contract: 503 with Retry-After).</summary>
public sealed class JournalUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
