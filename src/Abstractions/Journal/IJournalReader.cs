namespace CrmActors.Abstractions.Journal;

/// <summary>What grains read from the journal: a queue in order (dispatchers), one customer's changes (activation
/// replay, and the check that no delivery went astray), and the dispatchers' checkpoints.</summary>
public interface IJournalReader
{
    /// <summary>True when the journal keeps every change for its retention period (PostgreSQL), so a customer can be
    /// replayed; false when it keeps a change only until its queue's dispatcher delivered it (the embedded default's
    /// in-memory journal, whose customers are never deactivated).</summary>
    bool Replays { get; }

    /// <summary>Up to <paramref name="max"/> changes of a queue after <paramref name="after"/>, in journal order, from
    /// transactions that have all ended (none can commit behind them later).</summary>
    Task<IReadOnlyList<JournaledChange>> ReadQueueAsync(short queue, JournalPosition after, int max, CancellationToken cancellationToken);

    /// <summary>One customer's changes after <paramref name="after"/> and at or before <paramref name="through"/>, in
    /// journal order, from ended transactions only.</summary>
    Task<IReadOnlyList<JournaledChange>> ReadCustomerAsync(string customerId, JournalPosition after, JournalPosition through,
        CancellationToken cancellationToken);

    /// <summary>The changes of many customers, each after its own position, in journal order per customer (ended
    /// transactions only): one read for a page of customers instead of one per customer.</summary>
    Task<IReadOnlyList<JournaledChange>> ReadCustomersAsync(IReadOnlyList<CustomerFrom> customers, CancellationToken cancellationToken);

    /// <summary>How many changes of one customer lie after <paramref name="after"/> and at or before
    /// <paramref name="through"/>.</summary>
    Task<long> CountCustomerAsync(string customerId, JournalPosition after, JournalPosition through, CancellationToken cancellationToken);

    Task<JournalPosition> LoadCheckpointAsync(short queue, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(short queue, JournalPosition position, CancellationToken cancellationToken);

    /// <summary>Per queue, what is appended but not yet delivered past its dispatcher's checkpoint: how many changes
    /// (counted up to <paramref name="countCap"/>, so a huge backlog costs a bounded read) and when the oldest of them
    /// was accepted. For operators (metrics, /health/ready), never for delivery.</summary>
    Task<IReadOnlyList<QueueLag>> LagAsync(int countCap, CancellationToken cancellationToken);
}

/// <summary>One queue's delivery lag: appended − delivered, in changes and by the age of the oldest undelivered one.</summary>
/// <param name="OldestAcceptedAt">When the oldest undelivered change was accepted (wall clock); null when none waits.</param>
public readonly record struct QueueLag(short Queue, long Changes, DateTimeOffset? OldestAcceptedAt)
{
    /// <summary>How long the oldest undelivered change has waited at <paramref name="now"/> (zero when none waits).</summary>
    public TimeSpan Age(DateTimeOffset now) => OldestAcceptedAt is { } at && now > at ? now - at : TimeSpan.Zero;
}

/// <summary>A customer and the journal position its state already includes.</summary>
public readonly record struct CustomerFrom(string CustomerId, JournalPosition After);
