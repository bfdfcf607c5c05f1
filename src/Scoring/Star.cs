namespace CrmActors.Scoring;

/// <summary>A star level, used for both the contribution star (§2) and the service star (§3).</summary>
/// <remarks>Numeric values order the levels; quasi-star sits between not rated and 3 stars.</remarks>
public enum Star : byte
{
    Unrated = 0,
    Quasi = 1,
    Three = 3,
    Four = 4,
    Five = 5,
    Six = 6,
    Seven = 7,
}
