using CrmActors.Abstractions.Rules;
using CrmActors.Scoring;

namespace CrmActors.Persistence.Rules;

/// <summary>The embedded default's rule sets: for the life of the process, with the same rules as the table.</summary>
public sealed class InMemoryRuleSets : IRuleSets
{
    private readonly Lock _gate = new();
    private readonly List<(RuleSet Version, bool Deleted)> _rows = [];
    private readonly List<RuleSetAuditEntry> _audit = [];

    public Task EnsurePublishedAsync(StarModelOptions published, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
            if (_rows.Count == 0)
            {
                _rows.Add((RuleSet.Published(published), false));
                Audit(RuleSet.PublishedVersion, "proposed", null, "system", at);
                Audit(RuleSet.PublishedVersion, "scheduled", RuleSet.Published(published).EffectiveFrom, "system", at);
            }
        return Task.CompletedTask;
    }

    public Task<RuleSetRows> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(new RuleSetRows([.. _rows.Where(r => !r.Deleted).Select(r => r.Version)], [.. _audit]));
    }

    public Task<RuleSetWrite> ProposeAsync(RuleSet version, DateOnly today, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_rows.Any(r => r.Version.Version == version.Version)) return Task.FromResult(RuleSetWrite.VersionUsed);
            if (_rows.Any(r => !r.Deleted && (r.Version.EffectiveFrom is null || r.Version.EffectiveFrom > today)))
                return Task.FromResult(RuleSetWrite.AnotherPending);
            _rows.Add((version with { EffectiveFrom = null }, false));
            Audit(version.Version, "proposed", null, by, at);
            return Task.FromResult(RuleSetWrite.Done);
        }
    }

    public Task<RuleSetWrite> ScheduleAsync(string version, DateOnly effectiveFrom, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            int i = _rows.FindIndex(r => !r.Deleted && r.Version.Version == version);
            if (i < 0) return Task.FromResult(RuleSetWrite.NotFound);
            if (_rows[i].Version.IsScheduled) return Task.FromResult(RuleSetWrite.WrongState);
            _rows[i] = (_rows[i].Version with { EffectiveFrom = effectiveFrom }, false);
            Audit(version, "scheduled", effectiveFrom, by, at);
            return Task.FromResult(RuleSetWrite.Done);
        }
    }

    public Task<RuleSetWrite> DeleteAsync(string version, DateOnly today, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            int i = _rows.FindIndex(r => !r.Deleted && r.Version.Version == version);
            if (i < 0) return Task.FromResult(RuleSetWrite.NotFound);
            if (_rows[i].Version.EffectiveFrom <= today) return Task.FromResult(RuleSetWrite.WrongState);
            _rows[i] = (_rows[i].Version, true);
            Audit(version, "deleted", null, by, at);
            return Task.FromResult(RuleSetWrite.Done);
        }
    }

    private void Audit(string version, string action, DateOnly? effectiveFrom, string by, DateTimeOffset at) =>
        _audit.Add(new RuleSetAuditEntry(_audit.Count + 1, version, action, effectiveFrom, by, at));
}
