using CrmActors.Abstractions.Outlook;
using Orleans.Concurrency;

namespace CrmActors.Abstractions.Screens;

/// <summary>An API node's listener on branch desks (each message with the desk's epoch, see <see cref="DeskFeed.Epoch"/>): it forwards what a desk pushes to the SignalR group of that
/// branch on its node. Subscriptions expire (<see cref="ScreenSubscriptions.Lifetime"/>) and are renewed by the node.</summary>
public interface IDeskObserver : IGrainObserver
{
    [OneWay] Task AlertRaised(string epoch, DeskAlert alert);

    [OneWay] Task AlertHandled(string epoch, DeskAlertHandled handled);
}

/// <summary>An API node's listener on portfolios (see <see cref="IDeskObserver"/>).</summary>
public interface IPortfolioObserver : IGrainObserver
{
    [OneWay] Task StarChanged(string epoch, PortfolioNotice notice);

    /// <summary>A customer joined or left the portfolio (not numbered: screens reload the list).</summary>
    [OneWay] Task PortfolioChanged(string managerId);

    /// <summary>A customer entered the at-risk list, or its entry changed (an upsert by customer id).</summary>
    [OneWay] Task TierAtRisk(AtRiskCustomer customer);

    /// <summary>A customer left the at-risk list.</summary>
    [OneWay] Task TierSafe(string managerId, string customerId);

    [OneWay] Task RetentionRisk(RetentionSignal signal);
}

/// <summary>An API node's listener on a pending rule set version's impact (the admin's rules page): the impact as it
/// stands, at most once a second while it changes.</summary>
public interface IRuleImpactObserver : IGrainObserver
{
    [OneWay] Task ImpactChanged(Rules.RuleImpact impact);
}

/// <summary>How long a grain keeps an observer without renewal, and how often nodes renew.</summary>
public static class ScreenSubscriptions
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30);
}
