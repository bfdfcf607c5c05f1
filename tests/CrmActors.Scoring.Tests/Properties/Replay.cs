using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Properties;

/// <summary>Plays a scenario into a ledger in arrival order, moving the clock as it goes.</summary>
public static class Replay
{
    /// <summary>Applies <paramref name="batches"/>; before a batch with a check moment, moves the clock there and calls
    /// <paramref name="look"/> with the events delivered so far (the test then calls Refresh or Standing).</summary>
    public static void Run(
        CustomerLedger ledger, ManualClock clock, IEnumerable<Batch> batches, List<CustomerEvent> delivered,
        Action<IReadOnlyList<CustomerEvent>>? look = null)
    {
        foreach (var batch in batches)
        {
            if (batch.CheckBefore is { } check && check >= clock.Now)
            {
                clock.Set(check);
                look?.Invoke(delivered);
            }
            if (batch.At > clock.Now) clock.Set(batch.At);
            ledger.Apply(batch.Events);
            delivered.AddRange(batch.Events);
        }
    }
}
