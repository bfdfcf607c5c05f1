using CrmActors.Abstractions;
using CrmActors.Scoring;

namespace CrmActors.Grains.Tests;

/// <summary>Time passing with no events: the window rolls and rating days fall (§2, §3.3). Own cluster, because
/// these scenarios move the clock.</summary>
public sealed class RatingDayScenarios(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    private static DateTimeOffset Bank(int y, int m, int d, int h = 0) => new(y, m, d, h, 0, 0, ClusterFixture.BankOffset);

    [Fact]
    public async Task Points_that_leave_the_window_lower_the_service_star_only_on_the_rating_day()
    {
        var events = new EventFactory("downgrade");
        var grain = fixture.Client.GetGrain<ICustomerGrain>(events.CustomerId);
        fixture.Clock.Set(Bank(2026, 11, 11, 10));
        // 12,500 CNY of POS spending: 500 points, 4 stars at once; contribution waits for 1 December.
        await fixture.Ingest(events.Fee(Bank(2026, 11, 11, 9), 12_500m));
        var upgraded = await grain.GetSnapshot();
        Assert.Equal((Star.Four, Star.Unrated), (upgraded!.ServiceStar, upgraded.ContributionStar));

        // 20 May: the spending left the window (it starts 18 November), points are 0, but May's rating day still
        // counted it (window 30 Oct – 30 Apr): the star holds all month.
        fixture.Clock.Set(Bank(2027, 5, 20, 12));
        var held = await grain.GetSnapshot();
        Assert.Equal(0m, held!.Points);
        // Held by this month's moments (the points still reached 500 until 17 May), not only by the rating day.
        Assert.Equal((Star.Four, Star.Four, StarChangeCause.Points), (held.ServiceStar, held.ContributionStar, held.ServiceStarCause));

        // 1 June: the rating day's window (1 Dec – 31 May) has nothing: the only automatic downgrade.
        fixture.Clock.Set(Bank(2027, 6, 1, 1));
        var rated = await grain.GetSnapshot();
        Assert.Equal((Star.Unrated, Star.Unrated), (rated!.ServiceStar, rated.ContributionStar));
        var last = (await grain.GetHistory(0, 100)).Entries[^1].Change;
        Assert.Equal((Star.Four, Star.Unrated, StarChangeCause.RatingDay), (last.OldStar, last.NewStar, last.Cause));
        Assert.Equal(Bank(2027, 6, 1), last.At);
    }
}
