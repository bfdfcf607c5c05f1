using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§3.2 manual adjustment by the relationship manager: up or down, with a reason and an optional expiry;
/// it wins over points until it expires or is cleared, and every change it makes is reported with cause Manual.</summary>
public sealed class ManualSettingTests
{
    private static readonly DateTimeOffset Now = Bank.At(2026, 6, 15, 10, 0);
    private readonly ManualClock _clock = new(Now);
    private readonly CustomerLedger _ledger;

    public ManualSettingTests()
    {
        _ledger = Bank.Ledger(_clock);
        _ledger.Apply(new EventFactory().Balance(Bank.At(2025, 9, 1), 300_000m));   // 4,050 points: 5 stars
    }

    [Fact]
    public void A_manual_setting_above_the_computed_star_wins_while_active()
    {
        var change = _ledger.SetManual(Star.Seven, "private-banking prospect", Now.AddDays(7), "rm-001");

        Assert.Equal((Star.Five, Star.Seven, StarChangeCause.Manual), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal(("private-banking prospect", "rm-001"), (change.Reason, change.ChangedBy));
        var standing = _ledger.Standing();
        Assert.Equal(Star.Seven, standing.ServiceStar);
        Assert.Equal(StarChangeCause.Manual, standing.ServiceStarCause);
        Assert.Equal(Star.Five, standing.ContributionStar);          // the measured value is untouched
        Assert.Equal(Star.Seven, standing.Manual?.Star);
    }

    [Fact]
    public void A_manual_setting_below_the_computed_star_also_wins()
    {
        var change = _ledger.SetManual(Star.Three, "under review", null, "rm-001");

        Assert.Equal((Star.Five, Star.Three), (change.OldStar, change.NewStar));
        _clock.Advance(TimeSpan.FromDays(40));                       // a rating day passes: no expiry, still manual
        _ledger.Refresh();
        Assert.Equal(Star.Three, _ledger.Standing().ServiceStar);
    }

    [Fact]
    public void When_a_manual_setting_expires_the_computed_star_returns_with_cause_manual()
    {
        var expiry = Now.AddDays(7);
        _ledger.SetManual(Star.Seven, "campaign", expiry, "rm-001");

        _clock.Set(expiry.AddTicks(-1));
        Assert.Empty(_ledger.Refresh());
        Assert.Equal(Star.Seven, _ledger.Standing().ServiceStar);

        _clock.Set(expiry.AddMinutes(1));
        var change = Assert.Single(_ledger.Refresh());
        Assert.Equal((Star.Seven, Star.Five, StarChangeCause.Manual), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal(expiry, change.At);
        var standing = _ledger.Standing();
        Assert.Null(standing.Manual);
        Assert.Equal(Star.Five, standing.ServiceStar);
    }

    [Fact]
    public void A_manual_setting_that_expired_while_the_ledger_was_stored_is_reported_with_cause_manual_on_restore()
    {
        _ledger.SetManual(Star.Seven, "campaign", Now.AddDays(7), "rm-001");
        byte[] stored = _ledger.ToSnapshot();                         // the grain is deactivated before the expiry

        _clock.Set(Now.AddDays(30));
        var restored = CustomerLedger.FromSnapshot(stored, Bank.Options(), _clock);
        var change = Assert.Single(restored.Refresh());

        Assert.Equal((Star.Seven, Star.Five, StarChangeCause.Manual), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal("expired", change.Reason);
        Assert.Null(restored.Standing().Manual);
    }

    [Fact]
    public void A_manual_setting_that_expired_before_a_late_event_arrives_is_reported_with_cause_manual()
    {
        _ledger.SetManual(Star.Seven, "campaign", Now.AddDays(7), "rm-001");

        _clock.Set(Now.AddDays(10));                                  // nobody looked at the customer since
        var late = new EventFactory("late").Fee(Now.AddDays(-5), 100m, FeeBusinessType.CardSpending);   // before the last moment swept
        var change = Assert.Single(_ledger.Apply(late).StarChanges);

        Assert.Equal((Star.Seven, Star.Five, StarChangeCause.Manual), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal("expired", change.Reason);
    }

    [Fact]
    public void Clearing_a_manual_setting_restores_the_computed_star_with_cause_manual()
    {
        _ledger.SetManual(Star.Three, "under review", null, "rm-001");
        _clock.Advance(TimeSpan.FromHours(1));

        var change = _ledger.ClearManual("rm-002");

        Assert.NotNull(change);
        Assert.Equal((Star.Three, Star.Five, StarChangeCause.Manual), (change.OldStar, change.NewStar, change.Cause));
        Assert.Equal("rm-002", change.ChangedBy);
        Assert.Null(_ledger.ClearManual("rm-002"));
        Assert.Equal(Star.Five, _ledger.Standing().ServiceStar);
    }

    [Fact]
    public void A_manual_setting_applied_after_its_expiry_is_recorded_and_over_at_once()
    {
        // A command replayed (or delivered late) after its expiry: set at its time, expired since.
        var set = new ManualStarSet("late-set", Now.AddDays(-3), Star.Seven, "campaign", "rm-001", Now.AddDays(-1));

        var changes = _ledger.Apply(set).StarChanges;

        Assert.Equal([(Star.Five, Star.Seven, (string?)"campaign"), (Star.Seven, Star.Five, "expired")],
            changes.Select(c => (c.OldStar, c.NewStar, c.Reason)));
        Assert.Equal([Now.AddDays(-3), Now.AddDays(-1)], changes.Select(c => c.At));
        Assert.Null(_ledger.Manual);
        Assert.Equal(Star.Five, _ledger.Standing().ServiceStar);
    }

    [Fact]
    public void Manual_commands_are_ordered_by_their_time_so_an_older_one_arriving_late_changes_nothing()
    {
        var newer = new ManualStarSet("m-2", Now, Star.Six, "newer", "rm-001");
        var older = new ManualStarCleared("m-1", Now.AddMinutes(-5), "rm-002");

        _ledger.Apply(newer);
        var update = _ledger.Apply(older);

        Assert.Equal(1, update.Applied);                              // consumed, but superseded
        Assert.Empty(update.StarChanges);
        Assert.Equal(Star.Six, _ledger.Standing().ServiceStar);
        Assert.Equal(1, _ledger.Apply(newer).Duplicates);             // the same command again is a duplicate
    }

    [Fact]
    public void The_last_manual_command_survives_a_snapshot_even_when_it_was_a_clear()
    {
        _ledger.Apply(new ManualStarSet("m-1", Now.AddMinutes(-10), Star.Three, "review", "rm-001"));
        _ledger.Apply(new ManualStarCleared("m-2", Now.AddMinutes(-5), "rm-001"));
        var restored = CustomerLedger.FromSnapshot(_ledger.ToSnapshot(), Bank.Options(), _clock);

        var update = restored.Apply(new ManualStarSet("m-1", Now.AddMinutes(-10), Star.Three, "review", "rm-001"));

        Assert.Equal(1, update.Duplicates + update.Applied);
        Assert.Empty(update.StarChanges);                             // the older set does not come back
        Assert.Equal(Star.Five, restored.Standing().ServiceStar);
    }
}
