namespace CrmActors.Abstractions;

/// <summary>The front desk of one branch (key: branch id): decides which visits and upgrades become VIP alerts
/// for the branch's tellers and lobby managers (§5), and keeps them.</summary>
public interface IBranchDeskGrain : IGrainWithStringKey
{
    /// <summary>A customer was identified at this branch.</summary>
    Task CustomerIdentified(CustomerVisitNotice visit);

    /// <summary>A customer seen at this branch within the last hour was upgraded.</summary>
    Task CustomerUpgraded(StarChangeNotice change, CustomerSnapshot standing);
}
