namespace CrmActors.Scoring;

/// <summary>What a customer is worth and how they are served, as of <see cref="AsOf"/>.</summary>
public sealed record CustomerStanding(
    decimal Points,
    PointsBreakdown Breakdown,
    Star ContributionStar,
    Star ServiceStar,
    StarChangeCause ServiceStarCause,
    Star? NextStar,
    decimal? PointsNeeded,
    IReadOnlyList<ProductType> Products,
    ManualStarSetting? Manual,
    DateTimeOffset AsOf);
