using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;

namespace CrmActors.Persistence.InMemory;

/// <summary>The embedded default's journal, behind the same interfaces as the PostgreSQL one: the API appends, the
/// dispatchers read queues and checkpoint. Nothing is durable. A change is kept until its queue's dispatcher has
/// delivered it (customers on the embedded default are never deactivated, so none is replayed); the (producer, id)
/// registry keeps two 16-byte hashes per change — of the identity and of the content, no strings — for as long as the
/// process lives, in shards, so that growing it never allocates one huge array (a single dictionary's doublings were a
/// fifth of all bytes allocated under load, and its arrays landed on the large-object heap).</summary>
public sealed class InMemoryJournal(int maxPending = InMemoryJournal.DefaultMaxPending) : IJournal, IJournalReader
{
    /// <summary>Changes appended but not yet delivered, over all queues, beyond which a batch is refused with 503: a
    /// producer faster than the grains gets back-pressure instead of growing the heap without bound.</summary>
    public const int DefaultMaxPending = 2_000_000;

    private readonly Lock _gate = new();
    private const int Shards = 256;
    private readonly Dictionary<UInt128, UInt128>[] _registry = [.. Enumerable.Range(0, Shards).Select(_ => new Dictionary<UInt128, UInt128>())];
    private readonly QueueBuffer[] _queues = Enumerable.Range(0, JournalQueues.Count).Select(_ => new QueueBuffer()).ToArray();
    private ulong _lastTxid;
    private int _pending;

    public bool Replays => false;

    /// <summary>Changes appended and not yet delivered.</summary>
    public int Pending { get { lock (_gate) return _pending; } }

    public Task<JournalAppendResult> AppendAsync(IReadOnlyList<CustomerChange> batch, CancellationToken cancellationToken)
    {
        using var span = EngineTracing.Source.StartActivity(EngineTracing.JournalAppend);
        string? trace = span?.Id;
        var hashes = new UInt128[batch.Count];
        var identities = new UInt128[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            hashes[i] = ChangeCodec.HashOf(batch[i]);
            identities[i] = ChangeCodec.IdentityOf(batch[i].Producer, batch[i].ChangeId);
        }
        // One lock for check and append: two concurrent batches sharing a pair cannot both append it, and a
        // conflicting batch never leaves part of itself behind.
        lock (_gate)
        {
            List<int>? conflicts = null;
            int duplicates = 0;
            var isNew = new bool[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                if (Shard(identities[i]).TryGetValue(identities[i], out var known))
                {
                    if (known == hashes[i]) duplicates++;
                    else (conflicts ??= []).Add(i);
                }
                else isNew[i] = true;
            }
            if (conflicts is not null) return Task.FromResult(new JournalAppendResult(0, 0, conflicts, 0));
            int appended = batch.Count - duplicates;
            if (appended == 0) return Task.FromResult(new JournalAppendResult(0, duplicates, [], 0));
            if (_pending + appended > maxPending)
                throw new JournalUnavailableException($"The in-memory journal holds {_pending} undelivered changes (limit {maxPending}).");

            ulong txid = ++_lastTxid;
            long acceptedAt = DateTimeOffset.UtcNow.UtcTicks;
            for (int i = 0; i < batch.Count; i++)
            {
                if (!isNew[i]) continue;
                Shard(identities[i]).Add(identities[i], hashes[i]);
                _queues[JournalQueues.Of(batch[i].CustomerId)].Add(new JournaledChange(batch[i], new JournalPosition(txid, i + 1), trace), acceptedAt);
            }
            _pending += appended;
            return Task.FromResult(new JournalAppendResult(appended, duplicates, [], txid));
        }
    }

    public Task<IReadOnlyList<JournaledChange>> ReadQueueAsync(short queue, JournalPosition after, int max, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_queues[queue].ReadAfter(after, max));
    }

    public Task<IReadOnlyList<JournaledChange>> ReadCustomerAsync(string customerId, JournalPosition after, JournalPosition through,
        CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<JournaledChange>>([]);

    public Task<IReadOnlyList<JournaledChange>> ReadCustomersAsync(IReadOnlyList<CustomerFrom> customers,
        CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<JournaledChange>>([]);

    public Task<long> CountCustomerAsync(string customerId, JournalPosition after, JournalPosition through, CancellationToken cancellationToken) =>
        Task.FromResult(0L);

    public Task<JournalPosition> LoadCheckpointAsync(short queue, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_queues[queue].Checkpoint);
    }

    /// <summary>Moves the checkpoint (never backwards) and forgets what it passed.</summary>
    public Task SaveCheckpointAsync(short queue, JournalPosition position, CancellationToken cancellationToken)
    {
        lock (_gate) _pending -= _queues[queue].Advance(position);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<QueueLag>> LagAsync(int countCap, CancellationToken cancellationToken)
    {
        var lags = new QueueLag[JournalQueues.Count];
        lock (_gate)
            for (short q = 0; q < lags.Length; q++) lags[q] = _queues[q].Lag(q, countCap);
        return Task.FromResult<IReadOnlyList<QueueLag>>(lags);
    }

    private Dictionary<UInt128, UInt128> Shard(UInt128 identity) => _registry[(int)((ulong)identity % Shards)];

    /// <summary>One queue's undelivered changes in journal order, from <c>_head</c> on.</summary>
    private sealed class QueueBuffer
    {
        private readonly List<JournaledChange> _rows = [];
        /// <summary>When each batch with rows in this queue was accepted (one entry per batch, not per change), oldest
        /// first, for the lag's age; entries of delivered batches are dropped as the checkpoint passes them.</summary>
        private readonly Queue<(ulong Txid, long AcceptedTicks)> _accepted = new();
        private int _head;

        public JournalPosition Checkpoint { get; private set; }

        public void Add(JournaledChange row, long acceptedTicks)
        {
            _rows.Add(row);
            // Rows arrive in txid order (under the journal's lock): a new txid is a new batch.
            if (row.Position.Txid != _lastBatch) _accepted.Enqueue((row.Position.Txid, acceptedTicks));
            _lastBatch = row.Position.Txid;
        }

        private ulong _lastBatch;

        public QueueLag Lag(short queue, int countCap)
        {
            int waiting = _rows.Count - _head;
            if (waiting == 0) return new QueueLag(queue, 0, null);
            ulong oldest = _rows[_head].Position.Txid;
            while (_accepted.Count > 0 && _accepted.Peek().Txid < oldest) _accepted.Dequeue();
            DateTimeOffset? at = _accepted.TryPeek(out var mark) ? new DateTimeOffset(mark.AcceptedTicks, TimeSpan.Zero) : null;
            return new QueueLag(queue, Math.Min(waiting, countCap), at);
        }

        public IReadOnlyList<JournaledChange> ReadAfter(JournalPosition after, int max)
        {
            int from = FirstAfter(after);
            int count = Math.Min(max, _rows.Count - from);
            return count <= 0 ? [] : _rows.GetRange(from, count);
        }

        /// <summary>Returns how many rows the new checkpoint released.</summary>
        public int Advance(JournalPosition position)
        {
            if (position <= Checkpoint) return 0;
            Checkpoint = position;
            int from = FirstAfter(position);
            int released = from - _head;
            _head = from;
            if (_head > 4096 && _head > _rows.Count / 2)
            {
                _rows.RemoveRange(0, _head);
                _head = 0;
            }
            return released;
        }

        private int FirstAfter(JournalPosition after)
        {
            int lo = _head, hi = _rows.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_rows[mid].Position <= after) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }
}
