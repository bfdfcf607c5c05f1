namespace CrmActors.Scoring;

/// <summary>Points per 10,000 CNY for each of the eight indicators (§1).</summary>
public sealed record IndicatorRates(
    decimal ShortTermAssets, decimal LongTermAssets, decimal Mortgage, decimal OtherLoans, decimal CardOverdraft,
    decimal Investment, decimal CardSpending, decimal Settlement)
{
    public static IndicatorRates Published { get; } = new(135m, 100m, 100m, 200m, 200m, 200m, 400m, 200m);

    /// <summary>The eight indicators' names as the contract writes them (camelCase), in §1's order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["shortTermAssets", "longTermAssets", "mortgage", "otherLoans", "cardOverdraft", "investment", "cardSpending", "settlement"];

    /// <summary>The rate of the indicator named <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public decimal this[string name] => name switch
    {
        "shortTermAssets" => ShortTermAssets,
        "longTermAssets" => LongTermAssets,
        "mortgage" => Mortgage,
        "otherLoans" => OtherLoans,
        "cardOverdraft" => CardOverdraft,
        "investment" => Investment,
        "cardSpending" => CardSpending,
        "settlement" => Settlement,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an indicator."),
    };

    /// <summary>These rates with the indicator named <paramref name="name"/> at <paramref name="rate"/>.</summary>
    public IndicatorRates With(string name, decimal rate) => name switch
    {
        "shortTermAssets" => this with { ShortTermAssets = rate },
        "longTermAssets" => this with { LongTermAssets = rate },
        "mortgage" => this with { Mortgage = rate },
        "otherLoans" => this with { OtherLoans = rate },
        "cardOverdraft" => this with { CardOverdraft = rate },
        "investment" => this with { Investment = rate },
        "cardSpending" => this with { CardSpending = rate },
        "settlement" => this with { Settlement = rate },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an indicator."),
    };

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
