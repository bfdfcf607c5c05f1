namespace CrmActors.Scoring;

/// <summary>What the customer's service star will be on the next rating day if nothing else happens, and what keeps or
/// lifts it (docs/contract-extension-outlook.md; rules: star-model.md §1–3).</summary>
public sealed record TierOutlook
{
    /// <summary>R: the first rating day after now (bank time).</summary>
    public required DateOnly NextRatingDay { get; init; }

    /// <summary>§1 over the window ending the day before R: every known event, balances held at their current value.
    /// Unrounded.</summary>
    public required decimal ProjectedPoints { get; init; }

    public required PointsBreakdown ProjectedBreakdown { get; init; }

    /// <summary>§2: the star of <see cref="ProjectedPoints"/> (on the exact value).</summary>
    public required Star ProjectedContributionStar { get; init; }

    /// <summary>§3.3 on R: the higher of the projected contribution star and the floors of the products held now — or
    /// the manual setting still in force at R (<see cref="ManualAtRatingDay"/>), which wins.</summary>
    public required Star ProjectedServiceStar { get; init; }

    /// <summary>The manual setting that decides the service star on R, if one will still be in force then.</summary>
    public ManualStarSetting? ManualAtRatingDay { get; init; }

    /// <summary>The service star now, which the outlook compares with.</summary>
    public required Star CurrentServiceStar { get; init; }

    /// <summary><see cref="ProjectedServiceStar"/> is lower than <see cref="CurrentServiceStar"/>.</summary>
    public bool AtRisk => ProjectedServiceStar < CurrentServiceStar;

    /// <summary>How many points above <see cref="ProjectedPoints"/> keep the current service star: 0 when not at risk.
    /// Unrounded. (A manual setting in force at R was in force now too, so it never puts the customer at risk.)</summary>
    public required decimal PointsToKeep { get; init; }

    /// <summary>Per indicator, the smallest amount that, added today, lifts the projected contribution star to the star
    /// above the current service star; indicators that cannot do it before R are left out. Cheapest first.</summary>
    public required IReadOnlyList<LiftOption> LiftOptions { get; init; }

    public required DateTimeOffset AsOf { get; init; }
}

/// <summary>One way to reach <see cref="Star"/> by R: for a balance indicator, <see cref="Amount"/> CNY more held from
/// today until R; for a fee business, one transaction of <see cref="Amount"/> CNY today at full fee, uncapped.</summary>
public readonly record struct LiftOption(StarIndicator Indicator, decimal Amount, Star Star);
