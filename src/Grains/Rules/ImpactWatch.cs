using CrmActors.Abstractions.Journal;
using CrmActors.Abstractions.Rules;
using CrmActors.Scoring;

namespace CrmActors.Grains.Rules;

/// <summary>Tells a pending rule set version's impact one customer's pair (service star in force → under the version)
/// when it differs from what this activation told it last: one one-way message per change of pair, not per event. Per
/// delivery it compares only the two service stars; both standings' points are computed only to send a report.</summary>
internal sealed class ImpactWatch(IGrainFactory grains, TimeProvider clock, string customerId)
{
    private ImpactReport? _told;
    private string? _toldVersion;

    public void Update(VersionedLedger ledger, JournalPosition applied)
    {
        if (!ledger.HasHistory || ledger.ServiceStars() is not var (pending, now, shadow)) return;
        if (_told is { } last && last.Current == now && last.Shadow == shadow && _toldVersion == pending.Version) return;
        if (ImpactReports.Of(customerId, ledger, applied, clock.GetUtcNow()) is not var (version, report)) return;
        (_told, _toldVersion) = (report, version);
        grains.GetGrain<IRuleImpactGrain>(version).Report(report).Ignore();
    }
}
