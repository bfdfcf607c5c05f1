using CrmActors.Abstractions.Rules;
using CrmActors.Scoring;

namespace CrmActors.Api.Rules;

/// <summary>The rule sets answer: bank today and every version not deleted, oldest first.</summary>
public sealed record RuleSetsView(DateOnly Today, IReadOnlyList<RuleSetView> RuleSets);

/// <summary>One version: its state today, the rating day it is in force from, every figure, and its audit trail.</summary>
public sealed record RuleSetView
{
    public required string Version { get; init; }
    /// <summary>shadow, scheduled, active or retired.</summary>
    public required string State { get; init; }
    public required DateOnly? EffectiveFrom { get; init; }
    public required IReadOnlyDictionary<string, decimal> Rates { get; init; }
    /// <summary>Points at which each star begins, keyed "3" … "7".</summary>
    public required IReadOnlyDictionary<string, decimal> Thresholds { get; init; }
    public required int WindowDays { get; init; }
    public required int RatingDayOfMonth { get; init; }
    public required IReadOnlyDictionary<string, decimal> FeeCaps { get; init; }
    /// <summary>The service star each product guarantees, keyed by product.</summary>
    public required IReadOnlyDictionary<string, string> ProductFloors { get; init; }
    public required IReadOnlyList<RuleSetAuditView> Audit { get; init; }

    public static RuleSetView From(RuleSet v, RuleBook book, DateOnly today, IEnumerable<RuleSetAuditEntry> audit) => new()
    {
        Version = v.Version,
        State = book.StateOn(v, today).ToString().ToLowerInvariant(),
        EffectiveFrom = v.EffectiveFrom,
        Rates = IndicatorRates.Names.ToDictionary(n => n, n => v.Options.Rates[n]),
        Thresholds = StarThresholds.Rated.ToDictionary(s => s.ToWire(), s => v.Options.Thresholds.For(s)!.Value),
        WindowDays = v.Options.WindowDays,
        RatingDayOfMonth = v.Options.RatingDayOfMonth,
        FeeCaps = v.Options.FeeCaps.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value),
        ProductFloors = v.Options.ProductFloors.OrderBy(f => f.Key).ToDictionary(f => RuleSetValidation.ProductName(f.Key), f => f.Value.ToWire()),
        Audit = [.. audit.Where(a => a.Version == v.Version).Select(a => new RuleSetAuditView(a.Action, a.EffectiveFrom, a.By, a.At))],
    };
}

/// <summary>Who did what to a version, when (<c>proposed</c>, <c>scheduled</c> with its date, <c>deleted</c>).</summary>
public sealed record RuleSetAuditView(string Action, DateOnly? EffectiveFrom, string By, DateTimeOffset At);

/// <summary><c>{ "effectiveFrom": "2027-01-01" }</c>.</summary>
public sealed record ScheduleRequest(string? EffectiveFrom);

/// <summary>The live impact of a pending version: customers per (service star now → under the version), how many go
/// up, down or stay, and the largest moves.</summary>
public sealed record RuleImpactView
{
    public required string Version { get; init; }
    public required long Customers { get; init; }
    public required long Up { get; init; }
    public required long Down { get; init; }
    public required long Same { get; init; }
    public required IReadOnlyList<ImpactCellView> Transitions { get; init; }
    public required IReadOnlyList<ImpactMoveView> LargestMoves { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public required ImpactSeedView Seed { get; init; }

    public static RuleImpactView From(RuleImpact i, Func<DateTimeOffset, DateTimeOffset> bankTime) => new()
    {
        Version = i.Version, Customers = i.Customers, Up = i.Up, Down = i.Down, Same = i.Same,
        Transitions = [.. i.Transitions.Select(c => new ImpactCellView(c.From.ToWire(), c.To.ToWire(), c.Customers))],
        LargestMoves = [.. i.LargestMoves.Select(m => new ImpactMoveView(m.CustomerId, m.From.ToWire(), m.To.ToWire(),
            CrmActors.Api.Customers.DisplayRounding.Points(m.Points), CrmActors.Api.Customers.DisplayRounding.Points(m.ShadowPoints)))],
        AsOf = bankTime(i.AsOf),
        Seed = new ImpactSeedView(i.Seed.State.ToString().ToLowerInvariant(), bankTime(i.Seed.StartedAt),
            i.Seed.EndedAt is { } ended ? bankTime(ended) : null, i.Seed.Customers, i.Seed.Failure),
    };
}

/// <summary>The seed over every customer: <c>running</c>, <c>complete</c> or <c>failed</c> (tried again after 5 s).</summary>
public sealed record ImpactSeedView(string State, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, long Customers, string? Failure);

public sealed record ImpactCellView(string From, string To, long Customers);

public sealed record ImpactMoveView(string CustomerId, string From, string To, decimal Points, decimal ShadowPoints);
