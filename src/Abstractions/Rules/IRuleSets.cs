using CrmActors.Scoring;

namespace CrmActors.Abstractions.Rules;

/// <summary>The rule set versions (issue 12), durable in the durable modes (<c>crm_rule_sets</c>), in memory on the
/// embedded default. Every write is audited (who, when, what) in the same transaction. A version's figures never
/// change once written; a deleted version keeps its id, so no later version can reuse it.</summary>
public interface IRuleSets
{
    /// <summary>Writes the published model as the first version when there is none yet; harmless when there is.</summary>
    Task EnsurePublishedAsync(StarModelOptions published, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every version not deleted, and the audit trail of every version, oldest first.</summary>
    Task<RuleSetRows> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Adds a version in shadow. Refused when the id was ever used, or when another version is pending
    /// (in shadow, or scheduled after <paramref name="today"/>): one version is computed beside the one in force.</summary>
    Task<RuleSetWrite> ProposeAsync(RuleSet version, DateOnly today, string by, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Schedules a version in shadow from <paramref name="effectiveFrom"/>.</summary>
    Task<RuleSetWrite> ScheduleAsync(string version, DateOnly effectiveFrom, string by, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes a version that is in shadow or scheduled after <paramref name="today"/>.</summary>
    Task<RuleSetWrite> DeleteAsync(string version, DateOnly today, string by, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>What the store holds: the live versions and the audit trail.</summary>
public sealed record RuleSetRows(IReadOnlyList<RuleSet> Versions, IReadOnlyList<RuleSetAuditEntry> Audit);

/// <summary>One audited action on a version: <c>proposed</c>, <c>scheduled</c> (with the date) or <c>deleted</c>.</summary>
public sealed record RuleSetAuditEntry(long Id, string Version, string Action, DateOnly? EffectiveFrom, string By, DateTimeOffset At);

/// <summary>The outcome of a write.</summary>
public enum RuleSetWrite
{
    Done,
    /// <summary>The version id is in use, or was used by a deleted version.</summary>
    VersionUsed,
    /// <summary>Another version is pending (shadow or scheduled).</summary>
    AnotherPending,
    NotFound,
    /// <summary>The version is not in the state the write needs (scheduling a scheduled one, deleting one in force).</summary>
    WrongState,
}
