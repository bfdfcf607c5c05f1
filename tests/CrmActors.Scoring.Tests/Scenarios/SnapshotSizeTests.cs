using CrmActors.Scoring.Events;
using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>The state-size target (CustomerLedger.Snapshot.cs): a customer with 30 balance changes across 3 accounts
/// and 60 fee transactions in the window, with realistic ids and 2-decimal amounts, fits in 2 KB.</summary>
public sealed class SnapshotSizeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]   // core-banking times often carry milliseconds: the codec's whole-second shortcut is lost
    public void A_typical_customer_snapshot_fits_in_2_KB(bool milliseconds)
    {
        var now = Bank.At(2026, 11, 20, 16, 30);
        var clock = new ManualClock(now);
        var ledger = Bank.Ledger(clock);
        var random = new Random(20261120);
        var windowStart = now.AddDays(-180);
        int sequence = 0;
        string Id(DateTimeOffset at) => $"evt-{at:yyyy-MM}-{++sequence:D6}";
        DateTimeOffset Time() => windowStart.AddSeconds(random.NextInt64(180L * 86_400))
            .AddMilliseconds(milliseconds ? random.Next(1, 1_000) : 0);
        decimal Money(long maxYuan) => random.NextInt64(100, maxYuan * 100) / 100m;

        var events = new List<CustomerEvent>();
        string[] accounts = ["6222020200112233445", "6222020200112233446", "TD-0200-99871234"];
        BalanceIndicator[] indicators = [BalanceIndicator.ShortTermAssets, BalanceIndicator.ShortTermAssets, BalanceIndicator.LongTermAssets];
        for (int i = 0; i < 30; i++)
        {
            var at = Time();
            events.Add(new BalanceReported(Id(at), at, accounts[i % 3], indicators[i % 3], Money(500_000)));
        }
        for (int i = 0; i < 60; i++)
        {
            var at = Time();
            events.Add(new FeeBusinessTransacted(Id(at), at, (FeeBusinessType)(i % 3), Money(20_000),
                i % 5 == 0 ? "FUND-SUB" : null, i % 7 == 0 ? 0.6m : 1m));
        }
        ledger.Apply(events);
        Assert.Equal(90, ledger.EntryCount);

        byte[] snapshot = ledger.ToSnapshot();

        output.WriteLine($"Snapshot of 30 balance changes (3 accounts) + 60 fee transactions, " +
                         $"{(milliseconds ? "millisecond" : "whole-second")} times: {snapshot.Length} bytes " +
                         $"({snapshot.Length / 90.0:F1} bytes per event)");
        Assert.True(snapshot.Length <= 2_048, $"snapshot is {snapshot.Length} bytes");
        var restored = CustomerLedger.FromSnapshot(snapshot, Bank.Options(), clock);
        StandingAssert.Same(ledger.Standing(), restored.Standing(), "the measured snapshot restores exactly");
    }
}
