namespace CrmActors.Scoring;

/// <summary>The eight indicators of star-model.md §1 in the order of its table: five balance indicators, then three
/// fee businesses. A lift option names one of them.</summary>
public enum StarIndicator : byte
{
    ShortTermAssets = 0,
    LongTermAssets = 1,
    Mortgage = 2,
    OtherLoans = 3,
    CardOverdraft = 4,
    Investment = 5,
    CardSpending = 6,
    Settlement = 7,
}

public static class StarIndicators
{
    public const int BalanceCount = 5;
    public const int FeeCount = 3;

    public static StarIndicator Of(BalanceIndicator indicator) => (StarIndicator)(byte)indicator;

    public static StarIndicator Of(FeeBusinessType business) => (StarIndicator)(BalanceCount + (byte)business);

    public static bool IsBalance(this StarIndicator indicator) => (byte)indicator < BalanceCount;

    /// <summary>§1: the indicator's rate, points per 10,000 CNY.</summary>
    public static decimal Rate(this IndicatorRates rates, StarIndicator indicator) => indicator.IsBalance()
        ? rates.For((BalanceIndicator)(byte)indicator)
        : rates.For((FeeBusinessType)((byte)indicator - BalanceCount));

    /// <summary>The contract's wire name (the field names of <c>breakdown</c>).</summary>
    public static string ToWire(this StarIndicator indicator) => indicator switch
    {
        StarIndicator.ShortTermAssets => "shortTermAssets",
        StarIndicator.LongTermAssets => "longTermAssets",
        StarIndicator.Mortgage => "mortgage",
        StarIndicator.OtherLoans => "otherLoans",
        StarIndicator.CardOverdraft => "cardOverdraft",
        StarIndicator.Investment => "investment",
        StarIndicator.CardSpending => "cardSpending",
        StarIndicator.Settlement => "settlement",
        _ => throw new ArgumentOutOfRangeException(nameof(indicator)),
    };
}
