namespace CrmActors.Scoring;

/// <summary>A change of service star (§3, last paragraph): old and new star, cause, points and breakdown, time.</summary>
public sealed record StarChange(
    Star OldStar, Star NewStar, StarChangeCause Cause, decimal Points, PointsBreakdown Breakdown, DateTimeOffset At,
    string? Reason = null, string? ChangedBy = null)
{
    public bool IsUpgrade => NewStar > OldStar;
}
