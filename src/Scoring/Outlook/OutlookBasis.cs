namespace CrmActors.Scoring;

/// <summary>The figures an outlook is computed from, read off one customer's ledger: the window sums of the window
/// ending the day before the next rating day R, with every balance held at its current value until R.</summary>
public sealed record OutlookBasis
{
    /// <summary>Today, as a bank day (<see cref="DateOnly.DayNumber"/>).</summary>
    public required int Today { get; init; }

    /// <summary>R, as a bank day: the first rating day after today.</summary>
    public required int NextRatingDay { get; init; }

    /// <summary>00:00 bank time on R (a manual setting in force then decides R's service star).</summary>
    public required DateTimeOffset NextRatingDayStart { get; init; }

    public required int WindowDays { get; init; }

    /// <summary>Per balance indicator (<see cref="BalanceIndicator"/> order): Σ end-of-day balances over [R−W, R−1].</summary>
    public required decimal[] BalanceDaySums { get; init; }

    /// <summary>Per fee business (<see cref="FeeBusinessType"/> order): Σ counted amounts whose bank day is in [R−W, R−1].</summary>
    public required decimal[] FeeSums { get; init; }

    /// <summary>§3.1: the highest floor among the products held now.</summary>
    public required Star HeldFloor { get; init; }

    /// <summary>The manual setting in force now, if any.</summary>
    public ManualStarSetting? Manual { get; init; }

    public required Star CurrentServiceStar { get; init; }

    public required DateTimeOffset AsOf { get; init; }
}
