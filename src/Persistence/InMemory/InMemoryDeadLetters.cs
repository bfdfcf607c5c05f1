using CrmActors.Abstractions.Journal;

namespace CrmActors.Persistence.InMemory;

/// <summary>The embedded default's dead letters: a list for the life of the process.</summary>
public sealed class InMemoryDeadLetters : IDeadLetters
{
    private readonly Lock _gate = new();
    private readonly List<DeadLetter> _letters = [];
    private readonly HashSet<JournalPosition> _positions = [];

    public Task<bool> SetAsideAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_positions.Add(letter.Position)) return Task.FromResult(false);
            _letters.Add(letter with { Id = _letters.Count + 1 });
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<DeadLetter>> ListAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<DeadLetter>>(_letters.Where(l => l.Id > afterId).Take(limit).ToList());
    }

    public Task<long> CountAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult((long)_letters.Count);
    }
}
