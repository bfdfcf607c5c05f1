namespace CrmActors.Abstractions.Journal;

/// <summary>What grains read from the durable journal: a queue in order (dispatchers), one customer's events after
/// a snapshot (activation), and the dispatchers' checkpoints.</summary>
public interface IJournalReader
{
    /// <summary>Up to <paramref name="max"/> events of a queue after <paramref name="after"/>, in journal order, from
    /// transactions that have all ended (none can commit behind them later).</summary>
    Task<IReadOnlyList<JournaledEvent>> ReadQueueAsync(short queue, JournalPosition after, int max, CancellationToken cancellationToken);

    /// <summary>One customer's events after <paramref name="after"/>, in journal order.</summary>
    Task<IReadOnlyList<JournaledEvent>> ReadCustomerAsync(string customerId, JournalPosition after, CancellationToken cancellationToken);

    Task<JournalPosition> LoadCheckpointAsync(short queue, CancellationToken cancellationToken);

    Task SaveCheckpointAsync(short queue, JournalPosition position, CancellationToken cancellationToken);
}
