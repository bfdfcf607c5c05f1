namespace CrmActors.Scoring.Tests.Rules;

/// <summary>Issue 12: a version is validated per field — thresholds increasing, rates ≥ 0, a window of 28–400 days —
/// and the published model is valid.</summary>
public sealed class RuleSetValidationTests
{
    private static IReadOnlyList<string> Fields(string version, StarModelOptions options) =>
        [.. RuleSetValidation.Problems(version, options).Select(p => p.Field)];

    [Fact]
    public void The_published_model_is_a_valid_version() =>
        Assert.Empty(Fields(RuleSet.PublishedVersion, StarModelOptions.Default));

    [Fact]
    public void Each_wrong_figure_is_named_by_its_field()
    {
        var options = StarModelOptions.Default with
        {
            Rates = IndicatorRates.Published.With("cardSpending", -1m).With("mortgage", 10_000.5m),
            Thresholds = StarThresholds.Published.With(Star.Five, 400m),
            WindowDays = 27,
            RatingDayOfMonth = 29,
            FeeCaps = new Dictionary<string, decimal> { ["FUND-SUB"] = 0m, ["OK"] = 100m },
            ProductFloors = new Dictionary<ProductType, Star> { [ProductType.GoldCreditCard] = Star.Quasi },
        };
        Assert.Equal(
            ["version", "rates.mortgage", "rates.cardSpending", "thresholds.5", "windowDays", "ratingDayOfMonth",
             "feeCaps.FUND-SUB", "productFloors.goldCreditCard"],
            Fields("2027/01", options));
    }

    [Theory]
    [InlineData(28, true)]
    [InlineData(400, true)]
    [InlineData(401, false)]
    [InlineData(0, false)]
    public void The_window_is_28_to_400_days(int days, bool valid) =>
        Assert.Equal(valid, !Fields("v", StarModelOptions.Default with { WindowDays = days }).Contains("windowDays"));

    [Fact]
    public void Equal_thresholds_are_not_increasing()
    {
        var problems = RuleSetValidation.Problems("v", StarModelOptions.Default with
        {
            Thresholds = StarThresholds.Published with { Six = 80_000m },
        });
        Assert.Equal("thresholds.7", Assert.Single(problems).Field);
    }

    [Fact]
    public void A_zero_rate_is_allowed_a_fifth_decimal_is_not()
    {
        Assert.Empty(Fields("v", StarModelOptions.Default with { Rates = IndicatorRates.Published.With("settlement", 0m) }));
        Assert.Equal(["rates.investment"],
            Fields("v", StarModelOptions.Default with { Rates = IndicatorRates.Published.With("investment", 1.00001m) }));
    }

    [Fact]
    public void The_scale_reads_its_own_thresholds()
    {
        var scale = StarThresholds.Published with { Four = 600m };
        Assert.Equal(Star.Three, scale.ForPoints(599.99m));
        Assert.Equal(Star.Four, scale.ForPoints(600m));
        Assert.Equal(Star.Four, StarScale.ForPoints(599.99m));   // the published scale is unchanged
    }
}
