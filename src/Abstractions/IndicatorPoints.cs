using CrmActors.Scoring;

namespace CrmActors.Abstractions;

/// <summary>Points per indicator, as sent between grains and clients.</summary>
[GenerateSerializer, Immutable, Alias("crm.IndicatorPoints")]
public sealed record IndicatorPoints(
    [property: Id(0)] decimal ShortTermAssets,
    [property: Id(1)] decimal LongTermAssets,
    [property: Id(2)] decimal Mortgage,
    [property: Id(3)] decimal OtherLoans,
    [property: Id(4)] decimal CardOverdraft,
    [property: Id(5)] decimal Investment,
    [property: Id(6)] decimal CardSpending,
    [property: Id(7)] decimal Settlement)
{
    public static IndicatorPoints From(PointsBreakdown b) =>
        new(b.ShortTermAssets, b.LongTermAssets, b.Mortgage, b.OtherLoans, b.CardOverdraft, b.Investment, b.CardSpending, b.Settlement);
}
