using CrmActors.Abstractions.Journal;

namespace CrmActors.Grains.Journal;

/// <summary>The dispatchers' checkpoints as an activating customer needs them (which of its replayed changes were
/// delivered before), read at most once a second per queue and silo: after a silo dies, thousands of customers activate
/// at once, and a query each would slow the recovery. A checkpoint only moves forward, so a second-old one errs on the
/// live side: a change delivered in that second is treated as never delivered, and at most its alert is pushed twice
/// (the desk drops a repeat of a new alert).</summary>
public sealed class CheckpointCache(IJournalReader journal)
{
    private static readonly long MaxAgeMs = 1_000;
    private readonly (JournalPosition Position, long ReadAt)[] _queues = new (JournalPosition, long)[JournalQueues.Count];
    private readonly Lock _gate = new();

    public async Task<JournalPosition> GetAsync(short queue, CancellationToken cancellationToken)
    {
        long now = Environment.TickCount64;
        lock (_gate)
        {
            var (position, readAt) = _queues[queue];
            if (readAt != 0 && now - readAt < MaxAgeMs) return position;
        }
        var loaded = await journal.LoadCheckpointAsync(queue, cancellationToken);
        lock (_gate) _queues[queue] = (loaded, now);
        return loaded;
    }
}
