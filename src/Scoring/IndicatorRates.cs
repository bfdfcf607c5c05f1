namespace CrmActors.Scoring;

/// <summary>Points per 10,000 CNY for each of the eight indicators (§1).</summary>
public sealed record IndicatorRates(
    decimal ShortTermAssets, decimal LongTermAssets, decimal Mortgage, decimal OtherLoans, decimal CardOverdraft,
    decimal Investment, decimal CardSpending, decimal Settlement)
{
    public static IndicatorRates Published { get; } = new(135m, 100m, 100m, 200m, 200m, 200m, 400m, 200m);

    public decimal For(BalanceIndicator indicator) => indicator switch
    {
        BalanceIndicator.ShortTermAssets => ShortTermAssets,
        BalanceIndicator.LongTermAssets => LongTermAssets,
        BalanceIndicator.Mortgage => Mortgage,
        BalanceIndicator.OtherLoans => OtherLoans,
        BalanceIndicator.CardOverdraft => CardOverdraft,
        _ => throw new ArgumentOutOfRangeException(nameof(indicator)),
    };

    public decimal For(FeeBusinessType business) => business switch
    {
        FeeBusinessType.Investment => Investment,
        FeeBusinessType.CardSpending => CardSpending,
        FeeBusinessType.Settlement => Settlement,
        _ => throw new ArgumentOutOfRangeException(nameof(business)),
    };
}
