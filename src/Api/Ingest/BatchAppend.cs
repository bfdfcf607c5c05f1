using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;

namespace CrmActors.Api.Ingest;

/// <summary>What became of a validated batch: accepted (appended + duplicates) or refused for conflicting ids.</summary>
/// <param name="Conflicts">Indexes into the posted batch of events whose id is used with other content — earlier in
/// the same batch or in the journal. When any, nothing of the batch was appended.</param>
public sealed record BatchOutcome(int Appended, int Duplicates, IReadOnlyList<int> Conflicts, JournalAppendResult? Journaled);

/// <summary>Appends a validated batch to the journal: an id repeated within the batch is a duplicate with the same
/// content and a conflict with other content, exactly as against the journal; the journal gets each id once.</summary>
public static class BatchAppend
{
    public static async Task<BatchOutcome> AppendAsync(IJournal journal, IReadOnlyList<CustomerChange> batch, CancellationToken ct)
    {
        var distinct = new List<CustomerChange>(batch.Count);
        var original = new List<int>(batch.Count);   // distinct index → index in the batch
        var seen = new Dictionary<(string, string), CustomerChange>(batch.Count);
        List<int>? conflicts = null;
        int duplicates = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            var c = batch[i];
            if (seen.TryGetValue((c.Producer, c.ChangeId), out var earlier))
            {
                // Record equality compares values: 100 and 100.00, or one instant in two offsets, are equal.
                if (earlier == c) duplicates++;
                else (conflicts ??= []).Add(i);
                continue;
            }
            seen.Add((c.Producer, c.ChangeId), c);
            distinct.Add(c);
            original.Add(i);
        }
        if (conflicts is not null) return new BatchOutcome(0, 0, conflicts, null);

        var result = await journal.AppendAsync(distinct, ct);
        if (result.HasConflicts) return new BatchOutcome(0, 0, [.. result.Conflicts.Select(i => original[i])], result);
        return new BatchOutcome(result.Appended, duplicates + result.Duplicates, [], result);
    }
}
