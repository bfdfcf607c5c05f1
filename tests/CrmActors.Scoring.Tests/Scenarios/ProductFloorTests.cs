using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§3.1 instant system adjustment by product: a held product sets a floor under the service star at once;
/// §3.3 on a rating day only the products still held count.</summary>
public sealed class ProductFloorTests
{
    private static readonly DateTimeOffset Now = Bank.At(2026, 6, 15, 10, 0);
    private ManualClock _clock = new(Now);
    private readonly EventFactory _events = new();

    [Theory]
    [InlineData(ProductType.PrivateBanking, Star.Seven)]
    [InlineData(ProductType.WealthCard, Star.Six)]
    [InlineData(ProductType.PlatinumCreditCard, Star.Six)]
    [InlineData(ProductType.WealthAccount, Star.Five)]
    [InlineData(ProductType.GoldCreditCard, Star.Five)]
    [InlineData(ProductType.ClassicCreditCard, Star.Four)]
    public void Opening_a_product_lifts_the_service_star_to_its_floor_at_once(ProductType product, Star floor)
    {
        var ledger = Bank.Ledger(_clock);
        var update = ledger.Apply(_events.Open(Now, product));

        var change = Assert.Single(update.StarChanges);
        Assert.Equal((Star.Unrated, floor, StarChangeCause.Product), (change.OldStar, change.NewStar, change.Cause));
        var standing = ledger.Standing();
        Assert.Equal(floor, standing.ServiceStar);
        Assert.Equal(StarChangeCause.Product, standing.ServiceStarCause);
        Assert.Equal([product], standing.Products);
        Assert.Equal(Star.Unrated, standing.ContributionStar);       // products do not earn points
    }

    [Fact]
    public void The_highest_floor_of_the_products_held_wins()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(_events.Open(Now.AddHours(-2), ProductType.ClassicCreditCard), _events.Open(Now, ProductType.WealthCard));

        Assert.Equal(Star.Six, ledger.Standing().ServiceStar);
    }

    [Fact]
    public void A_floor_above_the_points_star_wins_and_one_below_it_changes_nothing()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(_events.Balance(Bank.At(2025, 9, 1), 300_000m));   // 4,050 points: 5 stars
        Assert.Empty(ledger.Apply(_events.Open(Now, ProductType.ClassicCreditCard)).StarChanges);
        Assert.Equal(Star.Five, ledger.Standing().ServiceStar);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var change = Assert.Single(ledger.Apply(_events.Open(_clock.Now, ProductType.PrivateBanking)).StarChanges);
        Assert.Equal((Star.Five, Star.Seven, StarChangeCause.Product), (change.OldStar, change.NewStar, change.Cause));
    }

    [Fact]
    public void A_product_closed_before_a_rating_day_no_longer_holds_the_floor_after_it()
    {
        var ledger = Bank.Ledger(_clock = new ManualClock(Bank.At(2026, 5, 10, 9, 0)));
        ledger.Apply(_events.Open(_clock.Now, ProductType.GoldCreditCard));
        _clock.Set(Bank.At(2026, 5, 20, 9, 0));
        ledger.Apply(_events.Close(_clock.Now, ProductType.GoldCreditCard));

        // §3.3 Decision: downgrades wait for the rating day; the card was held at a moment of this month.
        _clock.Set(Bank.At(2026, 5, 31, 23, 59, 59));
        Assert.Empty(ledger.Refresh());
        Assert.Equal(Star.Five, ledger.Standing().ServiceStar);
        Assert.Empty(ledger.Standing().Products);

        _clock.Set(Bank.At(2026, 6, 1, 0, 0, 1));
        var change = Assert.Single(ledger.Refresh());
        Assert.Equal((Star.Five, Star.Unrated, StarChangeCause.RatingDay), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal(Bank.Midnight(2026, 6, 1), change.At);
        Assert.Equal(Star.Unrated, ledger.Standing().ServiceStar);
    }

    [Fact]
    public void A_product_still_held_on_the_rating_day_keeps_its_floor_as_the_rating_day_star()
    {
        var ledger = Bank.Ledger(_clock = new ManualClock(Bank.At(2026, 5, 10, 9, 0)));
        ledger.Apply(_events.Open(_clock.Now, ProductType.GoldCreditCard));

        _clock.Set(Bank.At(2026, 6, 3, 9, 0));
        Assert.Empty(ledger.Refresh());
        var standing = ledger.Standing();
        Assert.Equal(Star.Five, standing.ServiceStar);
        Assert.Equal(StarChangeCause.Product, standing.ServiceStarCause);   // the card, not the points, holds it up
        Assert.Equal(Star.Unrated, standing.ContributionStar);
    }
}
