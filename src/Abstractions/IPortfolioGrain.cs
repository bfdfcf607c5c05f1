namespace CrmActors.Abstractions;

/// <summary>One relationship manager's portfolio (key: manager id, from <c>profile.managerId</c>): upgrade
/// notifications and the customers closest to their next star (§5).</summary>
public interface IPortfolioGrain : IGrainWithStringKey
{
    /// <summary>The customer's profile names this manager.</summary>
    Task Track(string customerId);

    /// <summary>The customer's profile no longer names this manager.</summary>
    Task Untrack(string customerId);

    /// <summary>A customer of this portfolio changed service star (old ≠ new).</summary>
    Task CustomerStarChanged(StarChangeNotice change, CustomerSnapshot standing);
}
