namespace CrmActors.Scoring;

/// <summary>Star points per indicator (§1), unrounded.</summary>
public readonly record struct PointsBreakdown(
    decimal ShortTermAssets, decimal LongTermAssets, decimal Mortgage, decimal OtherLoans, decimal CardOverdraft,
    decimal Investment, decimal CardSpending, decimal Settlement)
{
    /// <summary>The star points: the sum over the eight indicators.</summary>
    public decimal Total =>
        ShortTermAssets + LongTermAssets + Mortgage + OtherLoans + CardOverdraft + Investment + CardSpending + Settlement;

    public static PointsBreakdown Zero => default;
}
