using CrmActors.Abstractions;
using CrmActors.Abstractions.Outlook;
using CrmActors.Grains.Customers;
using CrmActors.Scoring;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Outlook;

/// <summary>Keeps one customer's entry in its manager's at-risk list current: projects the outlook after the customer
/// changed, tells the portfolio only when the entry changed, and asks the silo's sweeper to wake the customer when the
/// outlook is next due without any event — the next day while at risk (the lift amounts shrink with the days left),
/// else the next rating day or a manual setting's expiry, whichever is first. No timer per customer, no scan.</summary>
internal sealed class OutlookWatch(IGrainFactory grains, CustomerSweeper sweeper, ILogger logger, string customerId)
{
    private bool _told;
    private string? _toldManager;
    private AtRiskCustomer? _toldEntry;

    public async Task UpdateAsync(VersionedLedger customer)
    {
        var ledger = customer.Ledger;
        var profile = ledger.Profile;
        if (profile?.ManagerId is not { } manager || !ledger.HasHistory)
        {
            _told = false;   // the old portfolio dropped the entry with its Untrack
            return;
        }
        var outlook = customer.Outlook();
        var entry = outlook.AtRisk ? Entry(manager, profile.DisplayName, outlook) : null;

        var calendar = ledger.Calendar;
        var due = outlook.AtRisk
            ? calendar.DayStart(calendar.DayOf(outlook.AsOf) + 1)
            : calendar.DayStart(outlook.NextRatingDay.DayNumber);
        if (ledger.Manual?.ExpiresAt is { } expiry && expiry < due) due = expiry;
        sweeper.ScheduleOutlook(customerId, due);

        // A manager change is the portfolio's Untrack (which drops the entry there); the new one is told afresh.
        if (_told && _toldManager == manager && (entry is null ? _toldEntry is null : entry.SameAs(_toldEntry))) return;
        try
        {
            await grains.GetGrain<IPortfolioGrain>(manager).OutlookChanged(customerId, entry);
            (_told, _toldManager, _toldEntry) = (true, manager, entry);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "The at-risk entry of customer {CustomerId} was not sent; it is sent on the next change.", customerId);
        }
    }

    private AtRiskCustomer Entry(string manager, string? displayName, TierOutlook outlook) => new()
    {
        ManagerId = manager,
        CustomerId = customerId,
        DisplayName = displayName,
        CurrentServiceStar = outlook.CurrentServiceStar,
        ProjectedServiceStar = outlook.ProjectedServiceStar,
        NextRatingDay = outlook.NextRatingDay,
        ProjectedPoints = outlook.ProjectedPoints,
        PointsToKeep = outlook.PointsToKeep,
        BestLift = outlook.LiftOptions.Count > 0 ? new OutlookLift(outlook.LiftOptions[0].Indicator, outlook.LiftOptions[0].Amount, outlook.LiftOptions[0].Star) : null,
        AsOf = outlook.AsOf,
    };
}
