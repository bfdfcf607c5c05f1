namespace CrmActors.Scoring;

/// <summary>The configurable parts of the star model: every figure of one rule set (a version of it is a
/// <see cref="RuleSet"/>). Defaults are the bank's published figures.</summary>
public sealed record StarModelOptions
{
    /// <summary>§1 Decision (window): 183 calendar days ending with the evaluation day.</summary>
    public int WindowDays { get; init; } = 183;

    /// <summary>§2: the day of the month on which stars are rated, 00:00 bank time (clamped to short months).</summary>
    public int RatingDayOfMonth { get; init; } = 1;

    /// <summary>§2: day boundaries are in bank time, Asia/Shanghai.</summary>
    public TimeZoneInfo BankTimeZone { get; init; } = BankCalendar.ShanghaiTimeZone();

    /// <summary>§1 Cap: per business code, the amount at which that business's fee reaches its cap.
    /// A code not in the table (or no code) counts in full.</summary>
    public IReadOnlyDictionary<string, decimal> FeeCaps { get; init; } = new Dictionary<string, decimal>();

    /// <summary>§1 rates, points per 10,000 CNY.</summary>
    public IndicatorRates Rates { get; init; } = IndicatorRates.Published;

    /// <summary>§2: the points at which each star begins.</summary>
    public StarThresholds Thresholds { get; init; } = StarThresholds.Published;

    /// <summary>§3.1: the service star each held product guarantees. A product not in the table sets no floor.</summary>
    public IReadOnlyDictionary<ProductType, Star> ProductFloors { get; init; } = PublishedFloors;

    /// <summary>§3.1 as published.</summary>
    public static IReadOnlyDictionary<ProductType, Star> PublishedFloors { get; } = new Dictionary<ProductType, Star>
    {
        [ProductType.PrivateBanking] = Star.Seven,
        [ProductType.WealthCard] = Star.Six,
        [ProductType.PlatinumCreditCard] = Star.Six,
        [ProductType.WealthAccount] = Star.Five,
        [ProductType.GoldCreditCard] = Star.Five,
        [ProductType.ClassicCreditCard] = Star.Four,
    };

    /// <summary>§3.1: the floor <paramref name="product"/> sets under the service star in this rule set.</summary>
    public Star FloorOf(ProductType product) => ProductFloors.TryGetValue(product, out var star) ? star : Star.Unrated;

    public static StarModelOptions Default { get; } = new();
}
