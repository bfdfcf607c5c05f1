namespace CrmActors.Scoring;

// What the retention detectors read (docs/contract-extension-outlook.md, "Retention signals"): when the customer last
// did anything, and the customer's assets at an instant. Read-only passes over the entries.
public sealed partial class CustomerLedger
{
    /// <summary>The newest scored event or branch visit (the customer's own business; a profile update is the bank's),
    /// or null when there is none. Everything newer than the horizon (at least a window before now) is kept, so a gap
    /// shorter than the window is always seen whole.</summary>
    public DateTimeOffset? LastActivity
    {
        get
        {
            long newest = _entries.Count > 0 ? _entries[^1].Ticks : long.MinValue;
            if (_recentVisits.Count > 0) newest = Math.Max(newest, _recentVisits[^1].Visit.At.UtcTicks);
            return newest == long.MinValue ? null : new DateTimeOffset(newest, TimeSpan.Zero);
        }
    }

    /// <summary>§1's assets (short-term and medium/long-term) summed over the customer's accounts, as they stood after
    /// every event at or before <paramref name="at"/>.</summary>
    public decimal AssetBalanceAt(DateTimeOffset at)
    {
        long limit = at.UtcTicks;
        Span<decimal> balances = _accountIds.Count <= 64 ? stackalloc decimal[_accountIds.Count] : new decimal[_accountIds.Count];
        decimal total = 0m;
        foreach (var e in _entries)
        {
            if (e.Ticks > limit) break;
            if (e.Kind != EntryKind.Balance || e.Code > (byte)BalanceIndicator.LongTermAssets) continue;
            total += e.Amount - balances[e.Account];
            balances[e.Account] = e.Amount;
        }
        return total;
    }
}
