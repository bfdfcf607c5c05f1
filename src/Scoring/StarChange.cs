namespace CrmActors.Scoring;

/// <summary>A change of service star (§3, last paragraph): old and new star, cause, points and breakdown, time, and
/// the rule set version it was computed under (set by <see cref="VersionedLedger"/>).</summary>
public sealed record StarChange(
    Star OldStar, Star NewStar, StarChangeCause Cause, decimal Points, PointsBreakdown Breakdown, DateTimeOffset At,
    string? Reason = null, string? ChangedBy = null, string? RuleVersion = null)
{
    public bool IsUpgrade => NewStar > OldStar;
}
