namespace CrmActors.Scoring;

/// <summary>§3.2: a relationship manager's setting, up or down; wins over points until it expires or is cleared.</summary>
public sealed record ManualStarSetting(Star Star, string Reason, DateTimeOffset SetAt, string SetBy, DateTimeOffset? ExpiresAt)
{
    public bool IsActiveAt(DateTimeOffset at) => ExpiresAt is null || at < ExpiresAt.Value;
}
