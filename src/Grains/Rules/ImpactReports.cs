using CrmActors.Abstractions.Journal;
using CrmActors.Abstractions.Rules;
using CrmActors.Scoring;

namespace CrmActors.Grains.Rules;

/// <summary>A customer's report to the pending version's impact, from its ledger under the rule book: the one
/// computation a live customer and the impact seed share.</summary>
public static class ImpactReports
{
    /// <summary>The pending version and the customer's report, or null when nothing is pending or the customer was
    /// never seen.</summary>
    public static (string Version, ImpactReport Report)? Of(string customerId, VersionedLedger ledger, JournalPosition applied,
        DateTimeOffset at)
    {
        if (!ledger.HasHistory || ledger.ShadowStanding() is not var (version, under)) return null;
        var now = ledger.Standing();
        return (version.Version, new ImpactReport(customerId, now.ServiceStar, under.ServiceStar, now.Points, under.Points, applied, at));
    }
}
