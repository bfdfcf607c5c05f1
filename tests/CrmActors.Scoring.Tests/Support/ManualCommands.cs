using System.Runtime.CompilerServices;
using CrmActors.Scoring.Events;

namespace CrmActors.Scoring.Tests.Support;

/// <summary>§3.2 commands as a relationship manager gives them: made now (the ledger's clock), applied like any event.
/// Each returns the audited change the command made. Commands of one ledger are made one after another: a command
/// given while the test clock stands still is placed a tick after the previous one (the newest command wins, §3.2).</summary>
public static class ManualCommands
{
    private static int s_next;
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CustomerLedger, StrongBox<DateTimeOffset>> s_last = new();

    private static DateTimeOffset At(CustomerLedger ledger)
    {
        var last = s_last.GetOrCreateValue(ledger);
        last.Value = ledger.Now > last.Value ? ledger.Now : last.Value.AddTicks(1);
        return last.Value;
    }

    public static StarChange SetManual(this CustomerLedger ledger, Star star, string reason, DateTimeOffset? expiresAt, string setBy)
    {
        var update = ledger.Apply(new ManualStarSet(NextId(), At(ledger), star, reason, setBy, expiresAt));
        return update.StarChanges.First(c => c.Cause == StarChangeCause.Manual && c.Reason == reason && c.ChangedBy == setBy);
    }

    /// <summary>The change the clear made, or null when no manual setting was in force.</summary>
    public static StarChange? ClearManual(this CustomerLedger ledger, string clearedBy)
    {
        var update = ledger.Apply(new ManualStarCleared(NextId(), At(ledger), clearedBy));
        return update.StarChanges.FirstOrDefault(c => c.Cause == StarChangeCause.Manual && c.Reason == "cleared");
    }

    private static string NextId() => $"manual-{Interlocked.Increment(ref s_next)}";
}
