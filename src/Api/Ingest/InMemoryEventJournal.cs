using CrmActors.Abstractions;

namespace CrmActors.Api.Ingest;

/// <summary>The embedded default's journal: a dictionary behind a lock. Nothing survives a restart, and it grows with
/// every event ever accepted (embedded mode is for demonstration, not for production volumes).</summary>
public sealed class InMemoryEventJournal : IEventJournal
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _events = new(StringComparer.Ordinal);

    private sealed class Entry(IngestedEvent e)
    {
        public IngestedEvent Event { get; } = e;
        public bool Applied { get; set; }
    }

    public int Count
    {
        get { lock (_gate) return _events.Count; }
    }

    public Task<JournalAppendResult> AppendAsync(IReadOnlyList<IngestedEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        // One lock for check and append: two concurrent batches sharing an id cannot both append it,
        // and a conflicting batch never leaves part of itself behind.
        lock (_gate)
        {
            var conflicts = new List<JournalConflict>();
            var inBatch = new Dictionary<string, IngestedEvent>(StringComparer.Ordinal);
            var appended = new List<IngestedEvent>();
            var toApply = new List<IngestedEvent>();
            int duplicates = 0;

            for (int i = 0; i < batch.Count; i++)
            {
                var e = batch[i];
                if (inBatch.TryGetValue(e.EventId, out var earlier))
                {
                    if (earlier == e) duplicates++;
                    else conflicts.Add(new JournalConflict(i, e.EventId));
                    continue;
                }
                inBatch.Add(e.EventId, e);
                if (_events.TryGetValue(e.EventId, out var known))
                {
                    if (known.Event != e) { conflicts.Add(new JournalConflict(i, e.EventId)); continue; }
                    duplicates++;
                    if (!known.Applied) toApply.Add(known.Event);
                }
                else
                {
                    appended.Add(e);
                }
            }

            if (conflicts.Count > 0) return Task.FromResult(JournalAppendResult.Conflicted(conflicts));
            foreach (var e in appended) _events.Add(e.EventId, new Entry(e));
            toApply.InsertRange(0, appended);
            return Task.FromResult(new JournalAppendResult(appended.Count, duplicates, toApply, []));
        }
    }

    public Task MarkAppliedAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var id in eventIds)
                if (_events.TryGetValue(id, out var entry)) entry.Applied = true;
        }
        return Task.CompletedTask;
    }
}
