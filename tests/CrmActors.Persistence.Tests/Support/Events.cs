using CrmActors.Abstractions;
using CrmActors.Scoring;

namespace CrmActors.Persistence.Tests.Support;

/// <summary>Contract events for one customer with unique ids.</summary>
public sealed class Events(string customerId)
{
    private readonly List<IngestedEvent> _made = [];

    public string CustomerId => customerId;

    /// <summary>The <paramref name="index"/>-th event made so far, to send again.</summary>
    public IngestedEvent Replay(int index) => _made[index];

    private IngestedEvent Made(IngestedEvent e)
    {
        _made.Add(e);
        return e;
    }

    private string NextId() => $"{customerId}-evt-{_made.Count + 1:D4}";

    public IngestedEvent Balance(DateTimeOffset at, decimal balance) =>
        Made(new(NextId(), customerId, at, CustomerEventType.Balance, AccountId: "ACC-1",
            Indicator: BalanceIndicator.ShortTermAssets, Balance: balance));

    public IngestedEvent Fee(DateTimeOffset at, decimal amount) =>
        Made(new(NextId(), customerId, at, CustomerEventType.FeeBusiness, Business: FeeBusinessType.CardSpending, Amount: amount));

    public IngestedEvent Profile(DateTimeOffset at, string homeBranch, string manager, string name) =>
        Made(new(NextId(), customerId, at, CustomerEventType.Profile, HomeBranchId: homeBranch, ManagerId: manager, DisplayName: name));
}
