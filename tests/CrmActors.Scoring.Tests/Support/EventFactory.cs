using CrmActors.Scoring.Events;

namespace CrmActors.Scoring.Tests.Support;

/// <summary>Scored events for one customer, with unique, realistic ids.</summary>
public sealed class EventFactory(string prefix = "evt")
{
    private int _sequence;

    public string NextId() => $"{prefix}-{++_sequence:D6}";

    public BalanceReported Balance(DateTimeOffset at, decimal balance, string account = "ACC-1",
        BalanceIndicator indicator = BalanceIndicator.ShortTermAssets) =>
        new(NextId(), at, account, indicator, balance);

    public FeeBusinessTransacted Fee(DateTimeOffset at, decimal amount,
        FeeBusinessType business = FeeBusinessType.CardSpending, string? code = null, decimal feeShare = 1m) =>
        new(NextId(), at, business, amount, code, feeShare);

    public ProductChanged Open(DateTimeOffset at, ProductType product) => new(NextId(), at, product, ProductAction.Opened);

    public ProductChanged Close(DateTimeOffset at, ProductType product) => new(NextId(), at, product, ProductAction.Closed);
}
