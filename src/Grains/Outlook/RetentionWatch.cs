using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Abstractions.Outlook;
using CrmActors.Grains.Desks;
using CrmActors.Scoring;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Outlook;

/// <summary>The retention detectors of one customer (docs/contract-extension-outlook.md, "Retention signals"), run on
/// live changes only — a replay or a back-dated load is recorded, never signalled, like a VIP alert. Each signal is
/// decided from the ledger's events alone, so the same events raise the same signal, and carries its figures.</summary>
/// <remarks>Large outflow: a customer at or above the alert level of their home branch whose assets (short-term plus
/// medium/long-term, star-model §1) fall, from the end of the previous bank day to just after a live balance event, by at
/// least <see cref="OutlookOptions.OutflowShare"/> of what they were or <see cref="OutlookOptions.OutflowAmount"/>; one
/// signal per bank day. Dormant then active: a live event (scored or a branch visit) at least
/// <see cref="OutlookOptions.DormantDays"/> days after the customer's previous one.</remarks>
internal sealed class RetentionWatch(IGrainFactory grains, OutlookOptions options, DeskOptions desks, ILogger logger, string customerId)
{
    private int _outflowSignalledDay = int.MinValue;

    public async Task DetectAsync(CustomerLedger ledger, IReadOnlyList<JournaledChange> rows, DateTimeOffset? lastActivityBefore,
        Func<DateTimeOffset, bool> isLive)
    {
        if (ledger.Profile is not { ManagerId: { } manager } profile) return;
        DateTimeOffset? firstLive = null, lastLiveAsset = null;
        foreach (var r in rows)
        {
            var change = r.Change;
            if (change is not (BalanceEvent or FeeBusinessEvent or ProductEvent or BranchVisitEvent) || !isLive(change.OccurredAt)) continue;
            if (firstLive is null || change.OccurredAt < firstLive) firstLive = change.OccurredAt;
            if (change is BalanceEvent { Indicator: BalanceIndicator.ShortTermAssets or BalanceIndicator.LongTermAssets }
                && (lastLiveAsset is null || change.OccurredAt > lastLiveAsset)) lastLiveAsset = change.OccurredAt;
        }
        if (firstLive is null) return;

        if (lastActivityBefore is { } previous && firstLive.Value - previous >= TimeSpan.FromDays(options.DormantDays))
            await Tell(manager, new RetentionSignal
            {
                ManagerId = manager, CustomerId = customerId, DisplayName = profile.DisplayName,
                Kind = RetentionKind.DormantActive, ServiceStar = ledger.Standing().ServiceStar, At = firstLive.Value,
                DormantDays = (int)(firstLive.Value - previous).TotalDays, PreviousActivity = previous,
            });

        if (lastLiveAsset is { } at)
        {
            int day = ledger.Calendar.DayOf(at);
            if (day == _outflowSignalledDay) return;
            decimal before = ledger.AssetBalanceAt(ledger.Calendar.DayStart(day).AddTicks(-1));
            decimal after = ledger.AssetBalanceAt(at);
            decimal fall = before - after;
            if (fall <= 0m || (fall < options.OutflowAmount && fall < options.OutflowShare * before)) return;
            var star = ledger.Standing().ServiceStar;
            if (star < desks.LevelOf(profile.HomeBranchId)) return;
            _outflowSignalledDay = day;
            await Tell(manager, new RetentionSignal
            {
                ManagerId = manager, CustomerId = customerId, DisplayName = profile.DisplayName,
                Kind = RetentionKind.LargeOutflow, ServiceStar = star, At = at, AssetsBefore = before, AssetsAfter = after,
            });
        }
    }

    private async Task Tell(string manager, RetentionSignal signal)
    {
        EngineMetrics.RetentionSignals.Add(1, new KeyValuePair<string, object?>("kind", signal.Kind.ToString()));
        try { await grains.GetGrain<IPortfolioGrain>(manager).RetentionRisk(signal); }
        catch (Exception ex) { logger.LogWarning(ex, "A retention signal of customer {CustomerId} was not sent.", customerId); }
    }
}
