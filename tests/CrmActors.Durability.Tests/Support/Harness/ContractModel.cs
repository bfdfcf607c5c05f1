using CrmActors.Abstractions.Changes;

namespace CrmActors.Durability.Tests.Support.Harness;

/// <summary>The contract as a model (contract "Ingesting events", "Extensions"): what a batch must be answered given
/// what was acknowledged before it, and what it acknowledges. Idempotency key = (producer, eventId); "same content" is
/// the contract's (record equality of the event: 100 and 100.00, one instant in two offsets, feeShare absent and 1 are
/// the same). It knows nothing of the engine's code.</summary>
public sealed class ContractModel
{
    private readonly Dictionary<(string Producer, string Id), CustomerChange> _acknowledged = [];

    public IReadOnlyDictionary<(string Producer, string Id), CustomerChange> Acknowledged => _acknowledged;

    public bool IsAcknowledged(string producer, string id) => _acknowledged.ContainsKey((producer, id));

    public CustomerChange? Get(string producer, string id) => _acknowledged.GetValueOrDefault((producer, id));

    /// <summary>The answer the contract requires for <paramref name="batch"/>; a 202 is recorded as acknowledged.</summary>
    public Expectation Answer(Batch batch)
    {
        var items = batch.Items;
        var invalid = new Dictionary<int, (string, string?)>();
        for (int i = 0; i < items.Count; i++)
            if (!items[i].Valid) invalid[i] = (items[i].InvalidField!, items[i].ErrorEventId);
        if (invalid.Count > 0) return new Expectation.Invalid(invalid);

        var first = new Dictionary<(string, string), CustomerChange>();
        var inBatch = new HashSet<int>();
        var withJournal = new HashSet<int>();
        int fresh = 0;
        for (int i = 0; i < items.Count; i++)
        {
            var c = items[i].Change!;
            var key = (c.Producer, c.ChangeId);
            if (first.TryGetValue(key, out var earlier))
            {
                if (earlier != c) inBatch.Add(i);
                continue;
            }
            first[key] = c;
            if (_acknowledged.TryGetValue(key, out var known))
            {
                if (known != c) withJournal.Add(i);
            }
            else fresh++;
        }
        // An item repeating a pair that conflicts with the journal conflicts too (the contract does not say which of
        // the repeats a 409 names).
        for (int i = 0; i < items.Count; i++)
        {
            var c = items[i].Change!;
            if (_acknowledged.TryGetValue((c.Producer, c.ChangeId), out var known) && known != c) withJournal.Add(i);
        }
        if (inBatch.Count > 0 || withJournal.Count > 0)
        {
            var all = new HashSet<int>(inBatch);
            all.UnionWith(withJournal);
            // Exact only when the batch conflicts within itself and not with the journal: then the repeats that differ
            // from their first occurrence are the conflicts, whoever checks them. Conflicting with the journal only:
            // each conflicting pair must be named at least once.
            var groups = inBatch.Count == 0
                ? withJournal.GroupBy(i => (items[i].Change!.Producer, items[i].Change!.ChangeId)).Select(g => (IReadOnlySet<int>)g.ToHashSet()).ToList()
                : [];
            return new Expectation.Conflict(all, withJournal.Count == 0 ? inBatch : null, groups);
        }

        foreach (var item in items) _acknowledged.TryAdd((item.Change!.Producer, item.Change.ChangeId), item.Change);
        return new Expectation.Accepted(fresh, items.Count - fresh);
    }
}
