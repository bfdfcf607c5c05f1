using System.Collections.Immutable;
using CrmActors.Abstractions.Journal;
using CrmActors.Scoring;
using Orleans.Concurrency;

namespace CrmActors.Abstractions.Rules;

/// <summary>The live impact of one pending rule set version (key: the version id): running counts of customers per
/// (service star in force → service star under the version), fed by the customers as their pair changes — never by
/// scanning them — so the answer takes the same time for ten customers or a million. Customers nobody touches are
/// counted by a seed over every customer (stored states and their journal tails, or the resident customers), run when
/// the grain activates and again each bank day while the version is pending.</summary>
public interface IRuleImpactGrain : IGrainWithStringKey
{
    /// <summary>A customer's pair now. Idempotent: the grain keeps each customer's latest report (by journal position,
    /// then time) and moves the counts by the difference, so a repeated or older report changes nothing.</summary>
    [OneWay]
    Task Report(ImpactReport report);

    /// <summary>A page of the seed <paramref name="seed"/>; awaited, so the seed goes at the pace the grain takes it.</summary>
    Task ReportSeed(int seed, ImmutableArray<ImpactReport> reports);

    /// <summary>The seed <paramref name="seed"/> went over every customer (<paramref name="failure"/> null), or stopped.
    /// The grain counts the customers itself, from the pages it took.</summary>
    Task SeedEnded(int seed, string? failure);

    Task<RuleImpact> GetImpact();

    /// <summary>Adds or renews an API node's observer (pushed the impact at most once a second while it changes); it
    /// expires after <see cref="Screens.ScreenSubscriptions.Lifetime"/>.</summary>
    Task Subscribe(Screens.IRuleImpactObserver observer);

    Task Unsubscribe(Screens.IRuleImpactObserver observer);
}

/// <summary>A customer's pair of service stars (in force → under the version) and points, as computed with the journal
/// applied through <see cref="Applied"/> at <see cref="At"/>: of two reports of a customer, the one further into the
/// journal counts, and at the same place the later one (the clock moves stars on a rating day without any event).</summary>
[GenerateSerializer, Immutable, Alias("crm.ImpactReport")]
public sealed record ImpactReport(
    [property: Id(0)] string CustomerId,
    [property: Id(1)] Star Current,
    [property: Id(2)] Star Shadow,
    [property: Id(3)] decimal Points,
    [property: Id(4)] decimal ShadowPoints,
    [property: Id(5)] JournalPosition Applied,
    [property: Id(6)] DateTimeOffset At);

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
    /// <summary>How far the seed over every customer has come: until it is complete, customers not touched since the
    /// grain activated may be missing from the counts.</summary>
    [Id(8)] public required ImpactSeed Seed { get; init; }
}

[GenerateSerializer, Immutable, Alias("crm.ImpactSeed")]
public sealed record ImpactSeed
{
    [Id(0)] public required ImpactSeedState State { get; init; }
    [Id(1)] public required DateTimeOffset StartedAt { get; init; }
    [Id(2)] public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Customers the seed has reported so far.</summary>
    [Id(3)] public required long Customers { get; init; }
    /// <summary>Why the last seed stopped, when it failed (it is tried again).</summary>
    [Id(4)] public string? Failure { get; init; }
}

public enum ImpactSeedState
{
    Running,
    Complete,
    Failed,
}
