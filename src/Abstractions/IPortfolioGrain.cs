using CrmActors.Abstractions.Outlook;
using CrmActors.Abstractions.Screens;
using Orleans.Concurrency;

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

    /// <summary>The customer's outlook now: at risk (<paramref name="atRisk"/>) or safe (null). Told only when it changed;
    /// the portfolio pushes <c>tierAtRisk</c> / <c>tierSafe</c> when the list changes.</summary>
    Task OutlookChanged(string customerId, AtRiskCustomer? atRisk);

    /// <summary>The customers at risk on their next rating day, most at stake first.</summary>
    Task<AtRiskList> GetAtRisk();

    /// <summary>A live retention signal of a customer of this portfolio: kept, and pushed as <c>retentionRisk</c>.</summary>
    Task RetentionRisk(RetentionSignal signal);

    /// <summary>The newest retention signals kept, newest first.</summary>
    Task<System.Collections.Immutable.ImmutableArray<RetentionSignal>> GetRetentionRisks();

    /// <summary>Notifications after <paramref name="since"/> (all kept ones when <paramref name="epoch"/> is not the
    /// portfolio's).</summary>
    Task<PortfolioFeed> GetNotifications(long since, string? epoch);

    /// <summary>Every tracked customer's standing (asked of the customer grains, a bounded number at a time) and the
    /// <paramref name="topOpportunities"/> customers closest to their next star. Interleaves: a customer grain asked
    /// here may call back with a star change.</summary>
    [AlwaysInterleave]
    Task<PortfolioSummary> GetPortfolio(int topOpportunities);

    /// <summary>The tracked customer ids.</summary>
    Task<System.Collections.Immutable.ImmutableArray<string>> GetCustomerIds();

    /// <summary>Adds or renews an API node's observer; it expires after <see cref="ScreenSubscriptions.Lifetime"/>.</summary>
    Task Subscribe(IPortfolioObserver observer);

    Task Unsubscribe(IPortfolioObserver observer);
}
