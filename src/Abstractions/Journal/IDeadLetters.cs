using CrmActors.Abstractions.Changes;

namespace CrmActors.Abstractions.Journal;

/// <summary>Changes a customer grain could not apply, set aside with the reason, so that one poison change never stops
/// its customer or its queue. Visible to admins (<c>GET /api/v1/admin/dead-letters</c>) and as a metric.</summary>
public interface IDeadLetters
{
    /// <summary>Records a change as set aside; false when it already was (a replay met it again).</summary>
    Task<bool> SetAsideAsync(DeadLetter letter, CancellationToken cancellationToken);

    /// <summary>Set-aside changes with an id above <paramref name="afterId"/>, oldest first.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(long afterId, int limit, CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);
}

/// <summary>One set-aside change: what it was, where it stood in the journal, and why it could not be applied.</summary>
[GenerateSerializer, Immutable, Alias("crm.DeadLetter")]
public sealed record DeadLetter
{
    /// <summary>Assigned by the store, in the order changes were set aside.</summary>
    [Id(0)] public long Id { get; init; }
    [Id(1)] public required CustomerChange Change { get; init; }
    [Id(2)] public required JournalPosition Position { get; init; }
    [Id(3)] public required string Reason { get; init; }
    [Id(4)] public required DateTimeOffset SetAsideAt { get; init; }
}
