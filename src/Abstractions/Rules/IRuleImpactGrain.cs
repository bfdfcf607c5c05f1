using CrmActors.Scoring;
using Orleans.Concurrency;

namespace CrmActors.Abstractions.Rules;

/// <summary>The live impact of one pending rule set version (key: the version id): running counts of customers per
/// (service star in force → service star under the version), fed by the customers as their pair changes — never by
/// scanning them — so the answer takes the same time for ten customers or a million.</summary>
public interface IRuleImpactGrain : IGrainWithStringKey
{
    /// <summary>A customer's pair now. Idempotent: the grain keeps each customer's last pair and moves the counts by
    /// the difference, so a report repeated by a new activation of the customer counts once.</summary>
    [OneWay]
    Task Report(ImpactReport report);

    Task<RuleImpact> GetImpact();
}

[GenerateSerializer, Immutable, Alias("crm.ImpactReport")]
public sealed record ImpactReport(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] Star Current,
    [property: Id(2)] Star Shadow,
    [property: Id(3)] decimal Points,
    [property: Id(4)] decimal ShadowPoints);

/// <summary>One cell of the transition table: how many customers are at <see cref="From"/> now and would be at
/// <see cref="To"/> under the version.</summary>
[GenerateSerializer, Immutable, Alias("crm.ImpactCell")]
public sealed record ImpactCell([property: Id(0)] Star From, [property: Id(1)] Star To, [property: Id(2)] long Customers);

/// <summary>One customer's move: its stars and points now and under the version, as last reported.</summary>
[GenerateSerializer, Immutable, Alias("crm.ImpactMove")]
public sealed record ImpactMove(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] Star From,
    [property: Id(2)] Star To,
    [property: Id(3)] decimal Points,
    [property: Id(4)] decimal ShadowPoints);

[GenerateSerializer, Immutable, Alias("crm.RuleImpact")]
public sealed record RuleImpact
{
    [Id(0)] public required string Version { get; init; }
    [Id(1)] public required long Customers { get; init; }
    [Id(2)] public required long Up { get; init; }
    [Id(3)] public required long Down { get; init; }
    [Id(4)] public required long Same { get; init; }
    [Id(5)] public required IReadOnlyList<ImpactCell> Transitions { get; init; }
    /// <summary>The largest moves first: by star levels moved, then by the change of points.</summary>
    [Id(6)] public required IReadOnlyList<ImpactMove> LargestMoves { get; init; }
    [Id(7)] public required DateTimeOffset AsOf { get; init; }
}
