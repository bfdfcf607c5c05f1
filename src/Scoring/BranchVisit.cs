namespace CrmActors.Scoring;

/// <summary>The customer identified at a branch (§5), for VIP alerts.</summary>
public sealed record BranchVisit(string BranchId, VisitChannel Channel, DateTimeOffset At);
