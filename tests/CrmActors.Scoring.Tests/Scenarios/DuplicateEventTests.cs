using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>Idempotency: an event applied again (same id, same instant) changes nothing and is counted as a
/// duplicate, whether it comes in a later batch, twice in one batch, or after a snapshot round trip.</summary>
public sealed class DuplicateEventTests
{
    private static readonly DateTimeOffset Now = Bank.At(2026, 6, 15, 10, 0);
    private readonly ManualClock _clock = new(Now);
    private readonly EventFactory _events = new();

    private CustomerEvent[] History() =>
    [
        _events.Balance(Bank.At(2026, 1, 5, 9, 0), 300_000m, "SAV-1"),
        _events.Fee(Bank.At(2026, 5, 20, 12, 0), 20_000m, FeeBusinessType.CardSpending),
        _events.Open(Bank.At(2026, 6, 2, 9, 0), ProductType.ClassicCreditCard),
        _events.Balance(Now.AddHours(-1), 350_000m, "SAV-1"),
    ];

    [Fact]
    public void A_batch_applied_twice_is_counted_as_duplicates_and_changes_nothing()
    {
        var ledger = Bank.Ledger(_clock);
        var history = History();
        var first = ledger.Apply(history);
        Assert.Equal((4, 0), (first.Applied, first.Duplicates));
        var before = ledger.Standing();
        int entries = ledger.EntryCount;

        _clock.Advance(TimeSpan.FromMinutes(1));
        var again = ledger.Apply(history);

        Assert.Equal((0, 4), (again.Applied, again.Duplicates));
        Assert.Empty(again.StarChanges);
        Assert.Equal(entries, ledger.EntryCount);
        StandingAssert.Same(before with { AsOf = _clock.Now }, ledger.Standing(), "after the same batch again");
    }

    [Fact]
    public void The_same_event_twice_in_one_batch_counts_once()
    {
        var ledger = Bank.Ledger(_clock);
        var fee = _events.Fee(Now.AddHours(-1), 1_000m, FeeBusinessType.CardSpending);

        var update = ledger.Apply(fee, fee with { });

        Assert.Equal((1, 1), (update.Applied, update.Duplicates));
        Assert.Equal(40m, ledger.Standing().Points);
    }

    [Fact]
    public void A_redelivered_event_older_than_every_window_changes_nothing()
    {
        var ledger = Bank.Ledger(_clock);
        var old = new CustomerEvent[]
        {
            _events.Fee(Bank.At(2025, 8, 1, 9, 0), 50_000m, FeeBusinessType.CardSpending),
            _events.Balance(Bank.At(2025, 8, 1, 9, 0), 900_000m, "SAV-1"),
            _events.Balance(Bank.At(2025, 9, 1, 9, 0), 100_000m, "SAV-1"),
        };
        ledger.Apply(old);
        var before = ledger.Standing();

        _clock.Advance(TimeSpan.FromMinutes(1));
        var again = ledger.Apply(old);

        // The ledger keeps only what a rating can still need, so it no longer knows the superseded balance and the
        // fee before the horizon: they are counted as applied again (not as duplicates), but change nothing.
        Assert.Equal(3, again.Applied + again.Duplicates);
        Assert.Empty(again.StarChanges);
        StandingAssert.Same(before with { AsOf = _clock.Now }, ledger.Standing(), "after old events again");
    }

    [Fact]
    public void A_restored_ledger_still_knows_the_events_it_has_applied()
    {
        var ledger = Bank.Ledger(_clock);
        var history = History();
        ledger.Apply(history);
        var restored = CustomerLedger.FromSnapshot(ledger.ToSnapshot(), Bank.Options(), _clock);

        var again = restored.Apply(history);

        Assert.Equal((0, 4), (again.Applied, again.Duplicates));
        StandingAssert.Same(ledger.Standing(), restored.Standing(), "restored after duplicates");
    }
}
