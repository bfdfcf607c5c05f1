using System.Collections.Immutable;
using CrmActors.Scoring;

namespace CrmActors.Abstractions.Outlook;

/// <summary>A customer's tier outlook (<see cref="TierOutlook"/>; docs/contract-extension-outlook.md), as sent between
/// grains and clients. Points and amounts unrounded as the library computes them.</summary>
[GenerateSerializer, Immutable, Alias("crm.CustomerOutlook")]
public sealed record CustomerOutlook
{
    [Id(0)] public required string CustomerId { get; init; }
    [Id(1)] public required DateOnly NextRatingDay { get; init; }
    [Id(2)] public required decimal ProjectedPoints { get; init; }
    [Id(3)] public required IndicatorPoints ProjectedBreakdown { get; init; }
    [Id(4)] public required Star ProjectedContributionStar { get; init; }
    [Id(5)] public required Star ProjectedServiceStar { get; init; }
    [Id(6)] public ManualStar? ManualAtRatingDay { get; init; }
    [Id(7)] public required Star CurrentServiceStar { get; init; }
    [Id(8)] public required bool AtRisk { get; init; }
    [Id(9)] public required decimal PointsToKeep { get; init; }
    [Id(10)] public required ImmutableArray<OutlookLift> LiftOptions { get; init; }
    [Id(11)] public required DateTimeOffset AsOf { get; init; }

    public static CustomerOutlook From(string customerId, TierOutlook o) => new()
    {
        CustomerId = customerId,
        NextRatingDay = o.NextRatingDay,
        ProjectedPoints = o.ProjectedPoints,
        ProjectedBreakdown = IndicatorPoints.From(o.ProjectedBreakdown),
        ProjectedContributionStar = o.ProjectedContributionStar,
        ProjectedServiceStar = o.ProjectedServiceStar,
        ManualAtRatingDay = o.ManualAtRatingDay is { } m ? new ManualStar(m.Star, m.Reason, m.ExpiresAt, m.SetBy, m.SetAt) : null,
        CurrentServiceStar = o.CurrentServiceStar,
        AtRisk = o.AtRisk,
        PointsToKeep = o.PointsToKeep,
        LiftOptions = [.. o.LiftOptions.Select(l => new OutlookLift(l.Indicator, l.Amount, l.Star))],
        AsOf = o.AsOf,
    };
}

/// <summary>One lift option (<see cref="LiftOption"/>).</summary>
[GenerateSerializer, Immutable, Alias("crm.OutlookLift")]
public sealed record OutlookLift(
    [property: Id(0)] StarIndicator Indicator,
    [property: Id(1)] decimal Amount,
    [property: Id(2)] Star Star);
