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
        await ReconcileAsync(cancellationToken);
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

    private long? _snapshotSeq;   // set after a replay: reconcile with the store before the next write or read
    private int _replayed;

    /// <summary>Marks the changes recorded so far as those of an activation's replay of the journal past its snapshot.
    /// What that replay announced may already be in the store, written by the activation that crashed (screens saw it
    /// then). Reconciled lazily, before the next write or read of the history: a silo's recovery activates thousands
    /// of customers, and a store read each would slow it.</summary>
    public void ReplayEnded()
    {
        _snapshotSeq = LastSeq - _pending.Count;
        _replayed = _pending.Count;
    }

    /// <summary>The store wins: when it holds entries after the snapshot, the replay's changes are dropped, a difference
    /// between the store's last star and the star the replay ended on is recorded as one change, and changes recorded
    /// since the replay follow, renumbered after the store's.</summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        if (_snapshotSeq is not { } snapshotSeq) return;
        var stored = await store.ReadAsync(customerId, snapshotSeq, int.MaxValue, cancellationToken);
        _snapshotSeq = null;
        if (stored.Count == 0) return;
        var replayed = _pending.Take(_replayed).Select(e => e.Change).ToList();
        var since = _pending.Skip(_replayed).Select(e => e.Change).ToList();
        _pending.Clear();
        LastSeq = stored[^1].Seq;
        var storedStar = stored[^1].Change.NewStar;
        if (replayed.LastOrDefault() is { } last && last.NewStar != storedStar) Record(last with { OldStar = storedStar });
        foreach (var change in since) Record(change);
    }
}
