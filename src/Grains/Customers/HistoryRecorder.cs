using System.Collections.Immutable;
using CrmActors.Abstractions;
using CrmActors.Abstractions.History;
using CrmActors.Scoring;

namespace CrmActors.Grains.Customers;

/// <summary>A customer's side of its durable star history: numbers each change, keeps the ones not yet written, and
/// writes them to the store before they could be needed — before the snapshot that covers them, before a staff
/// command is answered, and before a page of history is read.</summary>
internal sealed class HistoryRecorder(string customerId, IStarHistory store, long lastSeq)
{
    private readonly List<StarHistoryEntry> _pending = [];

    /// <summary>The number of the last change recorded (written or not).</summary>
    public long LastSeq { get; private set; } = lastSeq;

    public bool HasPending => _pending.Count > 0;

    public void Record(StarChangeNotice change) => _pending.Add(new StarHistoryEntry(++LastSeq, change));

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0) return;
        await store.AppendAsync(customerId, _pending, cancellationToken);
        _pending.Clear();
    }

    public async Task<StarHistoryPage> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var entries = await store.ReadAsync(customerId, afterSeq, limit + 1, cancellationToken);
        bool more = entries.Count > limit;
        var page = entries.Take(limit).ToImmutableArray();
        return new StarHistoryPage(page, more ? page[^1].Seq : null);
    }

    /// <summary>After an activation replayed the journal past its snapshot: what that replay announced may already be
    /// in the store, written by the activation that crashed (screens saw it then). The store wins; the replay's
    /// changes are kept only when the store has nothing after the snapshot, and a difference between the store's
    /// last star and the star now announced is recorded as one change.</summary>
    public async Task ReconcileAfterReplayAsync(Star announced, CancellationToken cancellationToken)
    {
        long snapshotSeq = LastSeq - _pending.Count;
        var stored = await store.ReadAsync(customerId, snapshotSeq, int.MaxValue, cancellationToken);
        if (stored.Count == 0) return;
        var replayed = _pending.Select(e => e.Change).ToList();
        _pending.Clear();
        LastSeq = stored[^1].Seq;
        var storedStar = stored[^1].Change.NewStar;
        if (storedStar == announced) return;
        var last = replayed.LastOrDefault(c => c.NewStar == announced);
        if (last is not null) Record(last with { OldStar = storedStar });
    }
}
