using CrmActors.Abstractions;
using CrmActors.Grains.Desks;
using CrmActors.Scoring;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Customers;

/// <summary>What a customer tells the staff's desks and portfolios (§5): a live visit to the branch's desk, an upgrade
/// to the desks of branches that saw the customer in the last hour, every change to the manager's portfolio, and the
/// portfolio's membership when the profile names another manager. Notifications never fail the customer's work: the
/// change is applied and recorded; a screen misses one push at most and catches up by number.</summary>
internal sealed class StaffScreens(IGrainFactory grains, DeskOptions options, TimeProvider clock, ILogger logger, string customerId)
{
    /// <summary>§5: "a customer seen at the branch in the last hour who is upgraded" alerts that branch.</summary>
    private static readonly TimeSpan RecentVisitWindow = TimeSpan.FromHours(1);

    /// <summary>Only a visit that is happening now is an alert: a back-dated visit (a history load, a replay) is
    /// recorded but alerts nobody.</summary>
    public bool IsLive(BranchVisit visit) => IsLive(visit.At);

    /// <summary>A moment is live when it is at most <see cref="DeskOptions.VisitAlertMaxAge"/> old on arrival.</summary>
    public bool IsLive(DateTimeOffset at) => at >= clock.GetUtcNow() - options.VisitAlertMaxAge;

    public async Task VisitAsync(BranchVisit visit, CustomerSnapshot standing) =>
        await Notify(() => grains.GetGrain<IBranchDeskGrain>(visit.BranchId)
            .CustomerIdentified(new CustomerVisitNotice(customerId, visit.BranchId, visit.Channel, visit.At, standing) { DecidedAt = DateTime.UtcNow }));

    /// <summary>The customer's standing is made only when someone is told (most changes of a bulk load have no
    /// manager and no recent visit): it is the costliest object of a change.</summary>
    public async Task StarChangedAsync(StarChangeNotice notice, Func<CustomerSnapshot> standing, IReadOnlyList<BranchVisit> recentVisits)
    {
        CustomerSnapshot? made = null;
        if (notice.NewStar > notice.OldStar && recentVisits.Count > 0)
        {
            var since = clock.GetUtcNow() - RecentVisitWindow;
            foreach (var branch in recentVisits.Where(v => v.At >= since).Select(v => v.BranchId).Distinct())
                await Notify(() => grains.GetGrain<IBranchDeskGrain>(branch).CustomerUpgraded(notice, made ??= standing()));
        }
        if (notice.ManagerId is { } manager)
            await Notify(() => grains.GetGrain<IPortfolioGrain>(manager).CustomerStarChanged(notice, made ??= standing()));
    }

    /// <summary>Keeps the relationship manager's portfolio in step with <c>profile.managerId</c>.</summary>
    public async Task ManagerChangedAsync(string? before, string? after)
    {
        if (before == after) return;
        if (before is not null) await Notify(() => grains.GetGrain<IPortfolioGrain>(before).Untrack(customerId));
        if (after is not null) await Notify(() => grains.GetGrain<IPortfolioGrain>(after).Track(customerId));
    }

    private async Task Notify(Func<Task> call)
    {
        try { await call(); }
        catch (Exception ex) { logger.LogWarning(ex, "A staff notification for customer {CustomerId} failed.", customerId); }
    }
}
