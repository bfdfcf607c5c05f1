namespace CrmActors.Scoring;

/// <summary>Why a service star is what it is, or why it changed (§3).</summary>
public enum StarChangeCause : byte
{
    Points = 0,
    Product = 1,
    Manual = 2,
    RatingDay = 3,
}
