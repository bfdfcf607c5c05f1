using CrmActors.Scoring;

namespace CrmActors.Abstractions.Journal;

/// <summary>The journal is read as a fixed number of queues; a customer's events are all in one queue, so one
/// dispatcher delivers them in journal order.</summary>
public static class JournalQueues
{
    public const int Count = 8;

    public static short Of(string customerId) => (short)(EventIdHash.Of(customerId) % Count);
}
