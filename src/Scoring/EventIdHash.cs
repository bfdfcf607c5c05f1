namespace CrmActors.Scoring;

/// <summary>A stable 64-bit FNV-1a hash of a string. The ledger keeps the hash of an event's (producer, id), not the
/// id, so state stays small; it identifies an event within one customer's history and breaks ties between events at
/// the same instant. Customer ids are spread over journal queues by the same hash.</summary>
public static class EventIdHash
{
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Of(string value) => Mix(Offset, value);

    /// <summary>The hash of (producer, id). The producer's length goes first, so no two pairs share an input
    /// ("a" + "bc" and "ab" + "c" differ), whatever characters either contains.</summary>
    public static ulong Of(string producer, string eventId)
    {
        ulong hash = Offset;
        int length = producer.Length;
        for (int i = 0; i < 4; i++, length >>= 8) hash = (hash ^ (byte)length) * Prime;
        return Mix(Mix(hash, producer), eventId);
    }

    private static ulong Mix(ulong hash, string value)
    {
        foreach (char c in value)
        {
            hash = (hash ^ (byte)c) * Prime;
            hash = (hash ^ (byte)(c >> 8)) * Prime;
        }
        return hash;
    }
}
