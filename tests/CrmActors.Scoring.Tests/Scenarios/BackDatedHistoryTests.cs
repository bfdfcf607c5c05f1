using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§2 Decision (which rating day) and §3 Decision (arrival order) for a customer first seen with a
/// back-dated history: the contribution star is what that history earned on the last rating day, and loading it
/// one event at a time leaves no star behind that the history as a whole never had.</summary>
public sealed class BackDatedHistoryTests
{
    private static readonly DateTimeOffset Now = Bank.At(2026, 6, 15, 10, 0);
    private readonly EventFactory _events = new();

    [Fact]
    public void A_customer_first_seen_today_has_the_contribution_star_a_year_of_history_earned_on_the_last_rating_day()
    {
        var clock = new ManualClock(Now);
        var ledger = Bank.Ledger(clock);
        // A year of savings history whose last change, 720,000 on 20 Nov 2025, is 10 days before the start of the
        // window the 1 June rating reads (30 Nov 2025 – 31 May 2026). Every day of it ends at 720,000:
        // 720,000 × 135 / 10,000 = 9,720 points → 5 stars (not 6).
        ledger.Apply(
            _events.Balance(Bank.At(2025, 6, 3, 10, 0), 50_000m, "SAV-1"),
            _events.Balance(Bank.At(2025, 8, 14, 10, 0), 2_000_000m, "SAV-1"),
            _events.Balance(Bank.At(2025, 11, 20, 10, 0), 720_000m, "SAV-1"));

        var standing = ledger.Standing();
        Assert.Equal(9_720m, standing.Points);
        Assert.Equal(Star.Five, standing.ContributionStar);
        Assert.Equal(Star.Five, standing.ServiceStar);
    }

    [Fact]
    public void Loading_a_back_dated_history_one_event_at_a_time_leaves_no_star_behind()
    {
        // 10,000,000 held for one day in October 2025: in no window since the 1 June rating day.
        var deposit = _events.Balance(Bank.At(2025, 10, 1, 10, 0), 10_000_000m, "SAV-1");
        var withdrawal = _events.Balance(Bank.At(2025, 10, 2, 10, 0), 0m, "SAV-1");

        var bulk = Bank.Ledger(new ManualClock(Now));
        var bulkUpdate = bulk.Apply(deposit, withdrawal);
        Assert.Empty(bulkUpdate.StarChanges);

        var oneByOne = Bank.Ledger(new ManualClock(Now));
        oneByOne.Apply(deposit);                                     // alone, it looks like 135,000 points
        Assert.Equal(Star.Seven, oneByOne.Standing().ServiceStar);
        oneByOne.Apply(withdrawal);

        var standing = oneByOne.Standing();
        StandingAssert.Same(bulk.Standing(), standing, "one by one vs bulk");
        Assert.Equal(Star.Unrated, standing.ServiceStar);
        Assert.Equal(Star.Unrated, standing.ContributionStar);
        Assert.Equal(0m, standing.Points);
    }
}
