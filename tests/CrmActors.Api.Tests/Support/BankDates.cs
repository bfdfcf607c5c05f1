namespace CrmActors.Api.Tests.Support;

/// <summary>Dates the way star-model.md counts them: bank time is Asia/Shanghai (+08:00), the rating day is the first
/// of the month at 00:00 bank time.</summary>
public static class BankDates
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The first test instant: a Monday late in the month, at 10:00 bank time (the contract's example asOf).</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, Offset);

    public static DateTimeOffset LastRatingDay(DateTimeOffset now)
    {
        var local = now.ToOffset(Offset);
        return new DateTimeOffset(local.Year, local.Month, 1, 0, 0, 0, Offset);
    }

    public static DateTimeOffset NextRatingDay(DateTimeOffset now) => LastRatingDay(now).AddMonths(1);
}
