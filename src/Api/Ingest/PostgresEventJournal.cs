using CrmActors.Abstractions;
using CrmActors.Persistence.Journal;

namespace CrmActors.Api.Ingest;

/// <summary>The durable modes' journal: one round trip to PostgreSQL makes the whole batch durable (or, on a 409,
/// appends nothing). Nothing is returned to apply: the silos' journal dispatchers deliver every journaled event to
/// the customer grains at least once, so a 202 never waits on the grains and a crash never loses a delivery.</summary>
public sealed class PostgresEventJournal(PostgresJournal journal) : IEventJournal
{
    public async Task<JournalAppendResult> AppendAsync(IReadOnlyList<IngestedEvent> batch, CancellationToken cancellationToken)
    {
        // Ids repeated within the batch: same content is a duplicate, other content a conflict (as in the journal).
        var distinct = new List<IngestedEvent>(batch.Count);
        var seen = new Dictionary<string, IngestedEvent>(StringComparer.Ordinal);
        var conflicts = new List<JournalConflict>();
        int duplicates = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            var e = batch[i];
            if (seen.TryGetValue(e.EventId, out var earlier))
            {
                if (earlier == e) duplicates++;
                else conflicts.Add(new JournalConflict(i, e.EventId));
                continue;
            }
            seen.Add(e.EventId, e);
            distinct.Add(e);
        }
        if (conflicts.Count > 0) return JournalAppendResult.Conflicted(conflicts);

        try
        {
            var (appended, known) = await journal.AppendAsync(distinct, cancellationToken);
            return new JournalAppendResult(appended, duplicates + known, [], []);
        }
        catch (JournalConflictException ex)
        {
            var ids = ex.EventIds.ToHashSet(StringComparer.Ordinal);
            return JournalAppendResult.Conflicted(
                [.. batch.Select((e, i) => (e, i)).Where(x => ids.Contains(x.e.EventId)).Select(x => new JournalConflict(x.i, x.e.EventId))]);
        }
    }

    /// <summary>Delivery is the dispatchers' business in the durable modes.</summary>
    public Task MarkAppliedAsync(IReadOnlyCollection<string> eventIds, CancellationToken cancellationToken) => Task.CompletedTask;
}
