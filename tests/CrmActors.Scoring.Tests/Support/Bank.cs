namespace CrmActors.Scoring.Tests.Support;

/// <summary>Instants written in bank time (Asia/Shanghai, UTC+8 since 1991), so scenarios read like the spec.</summary>
public static class Bank
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>An instant in bank time.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, Offset);

    /// <summary>00:00 bank time on the given date.</summary>
    public static DateTimeOffset Midnight(int year, int month, int day) => At(year, month, day);

    /// <summary>The fee caps used by the tests (§1 Cap): per business code, the amount at which the fee caps.</summary>
    public static readonly IReadOnlyDictionary<string, decimal> Caps = new Dictionary<string, decimal>
    {
        ["FUND-SUB"] = 50_000m,
        ["GOLD"] = 30_000m,
        ["REMIT-X"] = 20_000m,
    };

    /// <summary>The published model (§1, §2 defaults) with the test fee caps.</summary>
    public static StarModelOptions Options(int windowDays = 183, int ratingDayOfMonth = 1) => new()
    {
        WindowDays = windowDays,
        RatingDayOfMonth = ratingDayOfMonth,
        FeeCaps = Caps,
    };

    public static CustomerLedger Ledger(ManualClock clock, StarModelOptions? options = null) =>
        new(options ?? Options(), clock);
}
