namespace CrmActors.Scoring;

/// <summary>Where a rule set stands. Only <see cref="Shadow"/> and <see cref="Scheduled"/> versions are computed
/// beside the one in force; <see cref="Active"/> is the one in force today; <see cref="Retired"/> was in force before.</summary>
public enum RuleSetState : byte
{
    Shadow = 0,
    Scheduled = 1,
    Active = 2,
    Retired = 3,
}
