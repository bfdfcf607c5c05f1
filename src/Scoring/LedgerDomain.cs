namespace CrmActors.Scoring;

/// <summary>The numbers the ledger's arithmetic is proven exact for (docs/architecture.md, "The declared domain").
/// The API refuses anything outside them at the door; the ledger checks them again, so a value from any other source
/// is refused before it touches the sums.</summary>
/// <remarks>
/// <para>Every accumulator of the sweep (per-account balances, <c>base</c>, <c>inSum</c>, <c>inWeighted</c>, fee sums)
/// is an exact multiple of its unit (0.01 CNY for balances, 10⁻⁶ CNY for counted fees: 2 decimals × a share of at most
/// 4) as long as its mantissa stays below 2⁹⁶ ≈ 7.9·10²⁸. With every amount ≤ <see cref="MaxMoney"/> = 10¹² and day
/// numbers below 8·10⁵ (the year 2190), one account adds at most 2·10¹²·8·10⁵ + 10¹²·400 ≈ 1.6·10¹⁸ CNY to
/// <c>inWeighted</c> (by Abel summation, whatever the number of its balance changes) — 1.6·10²⁰ units; one fee adds 10¹⁸
/// units. The mantissas therefore stay exact below ~4.9·10⁸ accounts and ~7.9·10¹⁰ fee transactions in one window,
/// far beyond <see cref="MaxAccounts"/> and <see cref="MaxEntries"/>. The products compared with the star thresholds
/// can lose low digits only above 7.9·10²⁰, more than 10⁹ times the 7-star threshold, so no star can change by it.</para>
/// </remarks>
public static class LedgerDomain
{
    /// <summary>The largest balance or amount of one event, in CNY (one trillion).</summary>
    public const decimal MaxMoney = 1_000_000_000_000m;

    /// <summary>Money has at most two decimals (contract: CNY with at most two decimals).</summary>
    public const int MoneyDecimals = 2;

    /// <summary>A fee share is a fraction in [0, 1] with at most four decimals (a percentage with two).</summary>
    public const int FeeShareDecimals = 4;

    /// <summary>The earliest business time accepted: nothing before it can count in any window the engine rates.</summary>
    public static readonly DateTimeOffset EarliestTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the engine's clock a business time may be (producers' clock skew).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>Distinct balance accounts (account id × indicator) one customer may hold in its ledger.</summary>
    public const int MaxAccounts = 1_000;

    /// <summary>Scored events one customer's ledger may hold from its horizon on (≈ 470 a day over ~214 days).</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Distinct branches a customer may have been identified at.</summary>
    public const int MaxVisitedBranches = 1_000;

    /// <summary>Distinct business codes (§1 Cap) one customer's fee transactions may name.</summary>
    public const int MaxBusinessCodes = 1_000;

    /// <summary>A rule set's window (§1 Decision (window)): at least four weeks, at most 400 days.</summary>
    public const int MinWindowDays = 28;

    public const int MaxWindowDays = 400;

    /// <summary>The largest rate of a rule set, points per 10,000 CNY: 25 times the largest published one, so the
    /// products compared with the thresholds keep the margin shown above (more than 10⁷ times the largest threshold).</summary>
    public const decimal MaxRate = 10_000m;

    /// <summary>The largest star threshold of a rule set, in points.</summary>
    public const decimal MaxThreshold = 1_000_000_000m;

    /// <summary>Rates, thresholds and fee caps have at most four decimals.</summary>
    public const int FigureDecimals = 4;

    /// <summary>True when <paramref name="value"/> lies in [<paramref name="min"/>, <see cref="MaxMoney"/>] and has at
    /// most <paramref name="decimals"/> decimals.</summary>
    public static bool IsMoney(decimal value, decimal min, int decimals = MoneyDecimals) =>
        value >= min && value <= MaxMoney && value == decimal.Round(value, decimals);

    public static bool IsFeeShare(decimal value) =>
        value >= 0m && value <= 1m && value == decimal.Round(value, FeeShareDecimals);
}

/// <summary>An event the ledger refuses: outside the declared domain, or past a customer's resource limits. The
/// ledger is unchanged; the grain sets the event aside with this reason.</summary>
public sealed class LedgerDomainException(string message) : Exception(message);
