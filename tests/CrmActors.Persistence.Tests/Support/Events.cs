using CrmActors.Abstractions.Changes;
using CrmActors.Scoring;

namespace CrmActors.Persistence.Tests.Support;

/// <summary>Contract events for one customer with unique ids, from producer "test".</summary>
public sealed class Events(string customerId)
{
    private readonly List<CustomerChange> _made = [];

    public string CustomerId => customerId;

    /// <summary>The <paramref name="index"/>-th event made so far, to send again.</summary>
    public CustomerChange Replay(int index) => _made[index];

    private T Made<T>(T e) where T : CustomerChange
    {
        _made.Add(e);
        return e;
    }

    private string NextId() => $"{customerId}-evt-{_made.Count + 1:D4}";

    public CustomerChange Balance(DateTimeOffset at, decimal balance) =>
        Made(new BalanceEvent { CustomerId = customerId, Producer = "test", ChangeId = NextId(), OccurredAt = at,
            AccountId = "ACC-1", Indicator = BalanceIndicator.ShortTermAssets, Balance = balance });

    public CustomerChange Fee(DateTimeOffset at, decimal amount) =>
        Made(new FeeBusinessEvent { CustomerId = customerId, Producer = "test", ChangeId = NextId(), OccurredAt = at,
            Business = FeeBusinessType.CardSpending, Amount = amount });

    public CustomerChange Profile(DateTimeOffset at, string homeBranch, string manager, string name) =>
        Made(new ProfileEvent { CustomerId = customerId, Producer = "test", ChangeId = NextId(), OccurredAt = at,
            HomeBranchId = homeBranch, ManagerId = manager, DisplayName = name });
}
