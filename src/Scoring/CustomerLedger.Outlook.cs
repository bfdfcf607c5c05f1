namespace CrmActors.Scoring;

// The tier outlook's reading of the ledger (docs/contract-extension-outlook.md): the window ending the day before the
// next rating day R, every known event, every balance held at its current value until R. One pass over the entries,
// independent of the sweep's state, so it cannot disturb it.
public sealed partial class CustomerLedger
{
    /// <summary>The customer's tier outlook now. Like <see cref="Standing"/>, it brings the ledger to now first; the
    /// changes that causes are returned by the next <see cref="Apply(IEnumerable{CustomerEvent})"/> or <see cref="Refresh"/>.</summary>
    public TierOutlook Outlook() => Outlook(currentServiceStar: null);

    /// <summary>The outlook projected under this ledger's rules but compared with <paramref name="currentServiceStar"/>
    /// (when given): a ledger under a version that comes into force on R projects R, while the star the customer holds
    /// now is the one computed under the version in force today.</summary>
    public TierOutlook Outlook(Star? currentServiceStar)
    {
        RefreshInto(_unreported);
        var basis = OutlookBasis();
        if (currentServiceStar is { } now) basis = basis with { CurrentServiceStar = now };
        return OutlookCalculator.Project(basis, _options);
    }

    /// <summary>The figures of the outlook. A balance change of Δ on day c counts on the days [max(c, R−W), R−1] of the
    /// window (§1 Decision (window)); after the newest event every balance stays (the outlook's assumption).</summary>
    private OutlookBasis OutlookBasis()
    {
        var now = Now;
        int today = _calendar.DayOf(now.UtcTicks);
        int r = _calendar.NextRatingDayAfter(today);
        int first = r - _window;
        var sums = new decimal[BalanceIndicators];
        var fees = new decimal[FeeBusinesses];
        Span<bool> held = stackalloc bool[Products];
        Span<decimal> balances = _accountIds.Count <= 64 ? stackalloc decimal[_accountIds.Count] : new decimal[_accountIds.Count];
        foreach (var e in _entries)
        {
            switch (e.Kind)
            {
                case EntryKind.Balance:
                    decimal delta = e.Amount - balances[e.Account];
                    balances[e.Account] = e.Amount;
                    if (e.Day < r) sums[e.Code] += delta * (r - Math.Max(e.Day, first));
                    break;
                case EntryKind.Fee:
                    if (e.Day >= first && e.Day < r) fees[e.Code] += Counted(e);   // §1 Cap and Discount, this rule set's
                    break;
                case EntryKind.Product:
                    held[e.Code] = e.Account == (int)ProductAction.Opened;
                    break;
            }
        }
        var floor = Star.Unrated;
        for (int p = 0; p < Products; p++)
            if (held[p]) floor = StarScale.Max(floor, _options.FloorOf((ProductType)p));
        return new OutlookBasis
        {
            Today = today, NextRatingDay = r, NextRatingDayStart = _calendar.DayStart(r), WindowDays = _window,
            BalanceDaySums = sums, FeeSums = fees, HeldFloor = floor, Manual = _manual,
            CurrentServiceStar = ServiceStarNow().Star, AsOf = now,
        };
    }
}
