namespace CrmActors.Scoring;

/// <summary>The latest profile event's facts (the newest <c>OccurredAt</c> wins).</summary>
public sealed record CustomerProfile(string HomeBranchId, string? ManagerId, string? DisplayName, DateTimeOffset UpdatedAt);
