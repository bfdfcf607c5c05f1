namespace CrmActors.Scoring;

/// <summary>The tier outlook (docs/contract-extension-outlook.md) from an <see cref="OutlookBasis"/>: pure arithmetic on
/// the rates and thresholds of the rule set the ledger computes under (<see cref="StarModelOptions"/>), exact on the
/// unrounded points.</summary>
/// <remarks>Stars are decided on the scaled value W·10,000·points = Σ balance-day sums × rate + W·Σ fee sums × rate, as the
/// ledger decides them (star-model.md §1 Decision (precision)), so a projection exactly on a threshold reaches it.</remarks>
public static class OutlookCalculator
{
    private const decimal Cent = 0.01m;
    private const decimal PerPoints = 10_000m;   // §1: rates are points per 10,000 CNY

    public static TierOutlook Project(OutlookBasis basis, StarModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(basis);
        ArgumentNullException.ThrowIfNull(options);
        var rates = options.Rates;
        var thresholds = options.Thresholds;
        int w = basis.WindowDays;
        var s = basis.BalanceDaySums;
        var f = basis.FeeSums;
        decimal denominator = w * PerPoints;
        var breakdown = new PointsBreakdown(
            s[0] * rates.ShortTermAssets / denominator, s[1] * rates.LongTermAssets / denominator,
            s[2] * rates.Mortgage / denominator, s[3] * rates.OtherLoans / denominator,
            s[4] * rates.CardOverdraft / denominator,
            f[0] * rates.Investment / PerPoints, f[1] * rates.CardSpending / PerPoints, f[2] * rates.Settlement / PerPoints);
        decimal scaled =
            s[0] * rates.ShortTermAssets + s[1] * rates.LongTermAssets + s[2] * rates.Mortgage +
            s[3] * rates.OtherLoans + s[4] * rates.CardOverdraft +
            w * (f[0] * rates.Investment + f[1] * rates.CardSpending + f[2] * rates.Settlement);

        // §2 on R, then §3.3: the higher of it and the floors held now; an unexpired manual setting at R wins (§3.2).
        var contribution = StarOfScaled(scaled, w, thresholds);
        var manualAtR = basis.Manual is { } m && m.IsActiveAt(basis.NextRatingDayStart) ? m : null;
        var service = manualAtR?.Star ?? StarScale.Max(contribution, basis.HeldFloor);
        var current = basis.CurrentServiceStar;

        return new TierOutlook
        {
            NextRatingDay = DateOnly.FromDayNumber(basis.NextRatingDay),
            ProjectedPoints = breakdown.Total,
            ProjectedBreakdown = breakdown,
            ProjectedContributionStar = contribution,
            ProjectedServiceStar = service,
            ManualAtRatingDay = manualAtR,
            CurrentServiceStar = current,
            PointsToKeep = service >= current ? 0m : PointsToReach(current, scaled, w, thresholds),
            LiftOptions = LiftOptions(basis, rates, thresholds, scaled),
            AsOf = basis.AsOf,
        };
    }

    /// <summary>§2 on the exact value: the star whose threshold × W × 10,000 the scaled points reach.</summary>
    public static Star StarOfScaled(decimal scaled, int windowDays, StarThresholds thresholds)
    {
        for (var star = Star.Seven; star >= Star.Three; star--)
            if (thresholds.For(star) is { } threshold && scaled >= threshold * windowDays * PerPoints) return star;
        return scaled > 0m ? Star.Quasi : Star.Unrated;
    }

    /// <summary>Points still missing for <paramref name="star"/>. Quasi-star has no amount threshold (any positive
    /// points, §2): the smallest shown amount, 0.01, is what it asks for.</summary>
    private static decimal PointsToReach(Star star, decimal scaled, int w, StarThresholds thresholds) =>
        thresholds.For(star) is { } threshold
            ? Math.Max(0m, (threshold * w * PerPoints - scaled) / (w * PerPoints))
            : Cent;

    /// <summary>Per indicator, the smallest amount in whole cents that, added today, makes the projected contribution
    /// star reach the star above the current service star. A balance held from today until R counts on every day of
    /// [today, R−1] inside the window (today counts as a day held); a fee transaction today at full fee, uncapped,
    /// counts in full when today is inside the window. None when there is no star above, or the projection already
    /// reaches it (nothing needs adding).</summary>
    private static IReadOnlyList<LiftOption> LiftOptions(OutlookBasis basis, IndicatorRates rates, StarThresholds thresholds, decimal scaled)
    {
        if (StarScale.Next(basis.CurrentServiceStar) is not { } target || thresholds.For(target) is not { } threshold) return [];
        int w = basis.WindowDays;
        decimal gap = threshold * w * PerPoints - scaled;
        if (gap <= 0m) return [];
        int heldDays = Math.Min(basis.NextRatingDay - basis.Today, w);
        bool todayInWindow = basis.Today >= basis.NextRatingDay - w;
        var options = new List<LiftOption>(8);
        for (var indicator = StarIndicator.ShortTermAssets; indicator <= StarIndicator.Settlement; indicator++)
        {
            decimal rate = rates.Rate(indicator);
            if (rate <= 0m) continue;
            // What one CNY added today adds to the scaled points on R.
            decimal perCny;
            if (indicator.IsBalance()) perCny = heldDays * rate;
            else if (todayInWindow) perCny = w * rate;
            else continue;
            if (perCny <= 0m) continue;
            decimal amount = SmallestCents(gap, perCny);
            if (amount <= LedgerDomain.MaxMoney) options.Add(new LiftOption(indicator, amount, target));
        }
        options.Sort((a, b) => a.Amount != b.Amount ? a.Amount.CompareTo(b.Amount) : a.Indicator.CompareTo(b.Indicator));
        return options;
    }

    /// <summary>The smallest whole-cent x ≥ 0.01 with x · perCny ≥ gap. The quotient is rounded by decimal division, so the
    /// candidate is corrected against the exact products.</summary>
    internal static decimal SmallestCents(decimal gap, decimal perCny)
    {
        decimal quotient = gap / perCny;
        if (quotient > LedgerDomain.MaxMoney) return decimal.Ceiling(quotient);
        decimal x = Math.Max(Cent, decimal.Ceiling(quotient * 100m) / 100m);
        while (x > Cent && (x - Cent) * perCny >= gap) x -= Cent;
        while (x * perCny < gap) x += Cent;
        return x;
    }
}
