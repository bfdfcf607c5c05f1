using CrmActors.Abstractions.Screens;
using CrmActors.Scoring;

namespace CrmActors.Abstractions;

/// <summary>The front desk of one branch (key: branch id): decides which visits and upgrades become VIP alerts
/// for the branch's tellers and lobby managers (§5), and keeps them.</summary>
public interface IBranchDeskGrain : IGrainWithStringKey
{
    /// <summary>A customer was identified at this branch.</summary>
    Task CustomerIdentified(CustomerVisitNotice visit);

    /// <summary>A customer seen at this branch within the last hour was upgraded.</summary>
    Task CustomerUpgraded(StarChangeNotice change, CustomerSnapshot standing);

    /// <summary>Alerts raised or changed after <paramref name="since"/> (all kept alerts when the screen's
    /// <paramref name="epoch"/> is not the desk's).</summary>
    Task<DeskFeed> GetAlerts(long since, string? epoch);

    /// <summary>The desk's epoch (see <see cref="DeskFeed.Epoch"/>).</summary>
    Task<string> GetEpoch();

    /// <summary>Acknowledges or serves an alert; null for an alert the desk does not keep. Idempotent: the same or
    /// an earlier state changes nothing.</summary>
    Task<DeskAlert?> Handle(long alertSeq, DeskAlertState state, string handledBy);

    /// <summary>The lowest service star whose visit raises an alert (default 5, configuration
    /// <c>Screens:AlertLevels</c>, or set here).</summary>
    Task<Star> GetAlertLevel();

    Task SetAlertLevel(Star level);

    /// <summary>Adds or renews an API node's observer; it expires after <see cref="ScreenSubscriptions.Lifetime"/>.</summary>
    Task Subscribe(IDeskObserver observer);

    Task Unsubscribe(IDeskObserver observer);
}
