namespace CrmActors.Scoring;

/// <summary>Where a customer was identified at a branch (§5: card at a counter or a queue kiosk).</summary>
public enum VisitChannel : byte
{
    Counter = 0,
    Kiosk = 1,
    Lobby = 2,
}
