namespace CrmActors.Scoring;

/// <summary>A stable 64-bit FNV-1a hash of an event id. The ledger keeps this, not the id, so state stays small;
/// it identifies an event within one customer's history and breaks ties between events at the same instant.</summary>
public static class EventIdHash
{
    public static ulong Of(string eventId)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in eventId)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return hash;
    }
}
