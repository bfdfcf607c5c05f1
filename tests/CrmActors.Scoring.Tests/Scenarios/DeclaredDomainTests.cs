using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Reference;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>The declared domain (<see cref="LedgerDomain"/>): at the money bound the arithmetic is exact in any arrival
/// order; one past it, or past a customer's limits, the ledger refuses the event and is left exactly as it was, so the
/// grain can set that event aside and go on.</summary>
public sealed class DeclaredDomainTests
{
    private static readonly DateTimeOffset Now = Bank.At(2026, 6, 15, 10, 0);
    private readonly ManualClock _clock = new(Now);

    [Fact]
    public void At_the_money_bound_points_are_exact_and_independent_of_arrival_order()
    {
        var events = new EventFactory();
        var start = Now.AddDays(-400);                                   // held through the whole window
        var all = new List<CustomerEvent>();
        for (int a = 0; a < 10; a++)
            all.Add(events.Balance(start, LedgerDomain.MaxMoney, $"ACC-{a}", BalanceIndicator.ShortTermAssets));
        for (int f = 0; f < 1_000; f++)
            all.Add(events.Fee(Now.AddDays(-1).AddSeconds(f), LedgerDomain.MaxMoney, FeeBusinessType.CardSpending));

        var inOrder = Bank.Ledger(_clock);
        inOrder.Apply(all);
        var shuffled = Bank.Ledger(_clock);
        foreach (var chunk in all.OrderBy(e => EventIdHash.Of(e.EventId + "x")).Chunk(7)) shuffled.Apply(chunk);

        // 10 × 10¹² CNY held all window × 135 / 10,000 + 1,000 × 10¹² CNY of card spending × 400 / 10,000.
        decimal expected = 10m * 1_000_000_000_000m / 10_000m * 135m + 1_000m * 1_000_000_000_000m / 10_000m * 400m;
        Assert.Equal(expected, inOrder.Standing().Points);
        StandingAssert.Same(inOrder.Standing(), shuffled.Standing(), "shuffled at the bound");
        StandingAssert.Matches(new NaiveStarModel(Bank.Options()).Evaluate(all, Now), inOrder.Standing(), "at the bound");
        Assert.Equal(Star.Seven, inOrder.Standing().ServiceStar);
    }

    [Theory]
    [MemberData(nameof(OutsideTheDomain))]
    public void An_event_outside_the_domain_is_refused_and_the_ledger_is_unchanged(string what, CustomerEvent poison)
    {
        var events = new EventFactory();
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(events.Balance(Now.AddDays(-30), 300_000m), events.Fee(Now.AddDays(-2), 2_000m));
        var before = ledger.ToSnapshot();
        var standing = ledger.Standing();

        var batch = new CustomerEvent[] { events.Fee(Now.AddDays(-1), 5_000m), poison, events.Balance(Now.AddHours(-1), 1m, "ACC-9") };
        Assert.Throws<LedgerDomainException>(() => ledger.Apply(batch));

        Assert.Equal(before, ledger.ToSnapshot());
        StandingAssert.Same(standing, ledger.Standing(), $"after refusing {what}");
        Assert.Equal(2, ledger.Apply(batch.Where(e => e != poison)).Applied);   // the rest still applies
    }

    public static TheoryData<string, CustomerEvent> OutsideTheDomain() => new()
    {
        { "a balance one cent past the bound", new BalanceReported("p1", Now.AddDays(-3), "ACC-1", BalanceIndicator.Mortgage, LedgerDomain.MaxMoney + 0.01m) },
        { "a balance of 10^24", new BalanceReported("p2", Now.AddDays(-3), "ACC-1", BalanceIndicator.Mortgage, 1_000_000_000_000_000_000_000_000m) },
        { "a negative balance", new BalanceReported("p3", Now.AddDays(-3), "ACC-1", BalanceIndicator.Mortgage, -1m) },
        { "three decimals", new FeeBusinessTransacted("p4", Now.AddDays(-3), FeeBusinessType.Settlement, 10.001m) },
        { "an amount of zero", new FeeBusinessTransacted("p5", Now.AddDays(-3), FeeBusinessType.Settlement, 0m) },
        { "a fee share with five decimals", new FeeBusinessTransacted("p6", Now.AddDays(-3), FeeBusinessType.Settlement, 10m, null, 0.12345m) },
        { "a time before 2000", new FeeBusinessTransacted("p7", new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero), FeeBusinessType.Settlement, 10m) },
    };

    [Fact]
    public void At_the_money_bound_an_event_is_accepted_and_one_cent_more_is_not()
    {
        var ledger = Bank.Ledger(_clock);
        Assert.Equal(1, ledger.Apply(new BalanceReported("b1", Now.AddDays(-1), "A", BalanceIndicator.ShortTermAssets, LedgerDomain.MaxMoney)).Applied);
        Assert.Throws<LedgerDomainException>(() =>
            ledger.Apply(new BalanceReported("b2", Now.AddDays(-1), "A", BalanceIndicator.ShortTermAssets, LedgerDomain.MaxMoney + 0.01m)));
    }

    [Fact]
    public void A_customer_past_its_account_limit_is_refused_without_a_trace()
    {
        var events = new EventFactory();
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(Enumerable.Range(0, LedgerDomain.MaxAccounts).Select(a => events.Balance(Now.AddDays(-1), 10m, $"ACC-{a}")));
        var before = ledger.ToSnapshot();

        Assert.Throws<LedgerDomainException>(() => ledger.Apply(events.Balance(Now.AddHours(-1), 10m, "ACC-NEW")));

        Assert.Equal(before, ledger.ToSnapshot());
        Assert.Equal(1, ledger.Apply(events.Balance(Now.AddHours(-1), 20m, "ACC-7")).Applied);   // a known account still moves
    }

    [Fact]
    public void A_refused_batch_leaves_profile_visits_and_manual_setting_as_they_were()
    {
        var ledger = Bank.Ledger(_clock);
        ledger.Apply(new ProfileUpdated("pr-1", Now.AddDays(-2), "B001", "M001", "张三"),
            new BranchVisited("v-1", Now.AddHours(-2), "B001", VisitChannel.Counter));
        var before = ledger.ToSnapshot();

        Assert.Throws<LedgerDomainException>(() => ledger.Apply(
            new ProfileUpdated("pr-2", Now.AddDays(-1), "B009", "M009", "李四"),
            new BranchVisited("v-2", Now.AddHours(-1), "B009", VisitChannel.Kiosk),
            new ManualStarSet("m-1", Now, Star.Seven, "campaign", "rm-001"),
            new BalanceReported("bad", Now.AddMinutes(1), "A", BalanceIndicator.ShortTermAssets, -5m)));   // last: the others were applied first

        Assert.Equal(before, ledger.ToSnapshot());
        Assert.Equal("M001", ledger.Profile?.ManagerId);
        Assert.DoesNotContain("B009", ledger.VisitedBranches);
        Assert.Null(ledger.Manual);
    }
}
