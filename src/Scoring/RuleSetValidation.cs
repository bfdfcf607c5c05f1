using System.Text.RegularExpressions;

namespace CrmActors.Scoring;

/// <summary>What a version must satisfy to be computed (issue 12): thresholds increasing, rates ≥ 0, a window of
/// 28–400 days, known indicator and product names (the names are checked where they are read); the bounds keep the
/// ledger's exact arithmetic (<see cref="LedgerDomain"/>).</summary>
public static partial class RuleSetValidation
{
    public const int MaxVersionLength = 32;

    /// <summary>A version id names a path segment: letters, digits, '.', '_', '-', starting with a letter or digit.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")]
    public static partial Regex VersionPattern();

    public static IReadOnlyList<RuleProblem> Problems(string version, StarModelOptions o)
    {
        var problems = new List<RuleProblem>();
        if (!VersionPattern().IsMatch(version))
            problems.Add(new("version", $"must be 1–{MaxVersionLength} letters, digits, '.', '_' or '-', starting with a letter or digit"));
        foreach (var name in IndicatorRates.Names)
            if (!IsFigure(o.Rates[name], LedgerDomain.MaxRate, allowZero: true))
                problems.Add(new($"rates.{name}", $"must be 0 to {LedgerDomain.MaxRate} with at most {LedgerDomain.FigureDecimals} decimals"));
        decimal previous = 0m;
        foreach (var star in StarThresholds.Rated)
        {
            decimal t = o.Thresholds.For(star)!.Value;
            string field = $"thresholds.{star.ToWire()}";
            if (!IsFigure(t, LedgerDomain.MaxThreshold, allowZero: false))
                problems.Add(new(field, $"must be above 0 and at most {LedgerDomain.MaxThreshold} with at most {LedgerDomain.FigureDecimals} decimals"));
            else if (t <= previous)
                problems.Add(new(field, $"must be above the threshold of the star below it ({previous})"));
            previous = Math.Max(previous, t);
        }
        if (o.WindowDays is < LedgerDomain.MinWindowDays or > LedgerDomain.MaxWindowDays)
            problems.Add(new("windowDays", $"must be {LedgerDomain.MinWindowDays} to {LedgerDomain.MaxWindowDays} days"));
        if (o.RatingDayOfMonth is < 1 or > 28)
            problems.Add(new("ratingDayOfMonth", "must be 1 to 28 (a day every month has)"));
        foreach (var (code, cap) in o.FeeCaps)
        {
            if (!IsBusinessCode(code)) problems.Add(new($"feeCaps.{code}", "a business code is 1–32 characters without control characters"));
            else if (!LedgerDomain.IsMoney(cap, 0.01m)) problems.Add(new($"feeCaps.{code}", $"must be 0.01 to {LedgerDomain.MaxMoney} CNY with at most 2 decimals"));
        }
        foreach (var (product, star) in o.ProductFloors)
            if (!Enum.IsDefined(star) || star == Star.Quasi)
                problems.Add(new($"productFloors.{ProductName(product)}", "must be unrated or 3 to 7"));
        return problems;
    }

    /// <summary>A product's name as the contract writes it (camelCase).</summary>
    public static string ProductName(ProductType product) =>
        string.Concat(char.ToLowerInvariant(product.ToString()[0]).ToString(), product.ToString()[1..]);

    private static bool IsFigure(decimal value, decimal max, bool allowZero) =>
        (allowZero ? value >= 0m : value > 0m) && value <= max && value == decimal.Round(value, LedgerDomain.FigureDecimals);

    private static bool IsBusinessCode(string code) =>
        code.Length is >= 1 and <= 32 && !code.Any(char.IsControl) && !string.IsNullOrWhiteSpace(code);
}
