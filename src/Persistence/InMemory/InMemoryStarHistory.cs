using System.Collections.Concurrent;
using CrmActors.Abstractions.History;

namespace CrmActors.Persistence.InMemory;

/// <summary>The embedded default's star histories, for the life of the process.</summary>
public sealed class InMemoryStarHistory : IStarHistory
{
    private readonly ConcurrentDictionary<string, List<StarHistoryEntry>> _customers = new(StringComparer.Ordinal);

    public Task AppendAsync(string customerId, IReadOnlyList<StarHistoryEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0) return Task.CompletedTask;
        var list = _customers.GetOrAdd(customerId, _ => []);
        lock (list)
            foreach (var entry in entries)
            {
                // First write wins: entries are numbered in order, so a known number is at or before the end.
                if (list.Count > 0 && entry.Seq <= list[^1].Seq) continue;
                list.Add(entry);
            }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StarHistoryEntry>> ReadAsync(string customerId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        if (!_customers.TryGetValue(customerId, out var list)) return Task.FromResult<IReadOnlyList<StarHistoryEntry>>([]);
        lock (list) return Task.FromResult<IReadOnlyList<StarHistoryEntry>>(list.Where(e => e.Seq > afterSeq).Take(limit).ToList());
    }
}
