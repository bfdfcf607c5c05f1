using CrmActors.Abstractions.Journal;

namespace CrmActors.Grains.Journal;

/// <summary>The dispatchers' checkpoints as an activating customer needs them (which of its replayed changes were
/// delivered before), read at most once a second per queue and silo, and once for all who ask meanwhile: after a silo
/// dies, or under a stream of new customers, thousands activate at once, and a query each would slow them all. A
/// checkpoint only moves forward, so a second-old one errs on the live side: a change delivered in that second is
/// treated as never delivered, and at most its alert is pushed twice (the desk drops a repeat of a new alert).</summary>
public sealed class CheckpointCache(IJournalReader journal)
{
    private const long MaxAgeMs = 1_000;
    private readonly (Task<JournalPosition>? Read, long ReadAt)[] _queues = new (Task<JournalPosition>?, long)[JournalQueues.Count];
    private readonly Lock _gate = new();

    public Task<JournalPosition> GetAsync(short queue, CancellationToken cancellationToken)
    {
        long now = Environment.TickCount64;
        lock (_gate)
        {
            var (read, readAt) = _queues[queue];
            // A failed read is not kept: the next caller reads again.
            if (read is not null && now - readAt < MaxAgeMs && !read.IsFaulted && !read.IsCanceled) return read;
            read = journal.LoadCheckpointAsync(queue, CancellationToken.None);
            _queues[queue] = (read, now);
            return read;
        }
    }
}
