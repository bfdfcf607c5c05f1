using CrmActors.Scoring.Tests.Support;

namespace CrmActors.Scoring.Tests.Scenarios;

/// <summary>§1–2: days are bank days (Asia/Shanghai) and the rating day is 00:00 bank time on the configured day of
/// the month, clamped to short months. The naive model computes days itself, so the calendar is checked here.</summary>
public sealed class BankCalendarTests
{
    private readonly BankCalendar _calendar = new(BankCalendar.ShanghaiTimeZone(), 1);

    [Fact]
    public void A_bank_day_starts_at_00_00_in_Shanghai_which_is_16_00_UTC_the_day_before()
    {
        var midnight = Bank.Midnight(2026, 6, 1);
        Assert.Equal(new DateTimeOffset(2026, 5, 31, 16, 0, 0, TimeSpan.Zero), midnight);
        int june1 = DateOnly.FromDateTime(new DateTime(2026, 6, 1)).DayNumber;

        Assert.Equal(june1, _calendar.DayOf(midnight));
        Assert.Equal(june1 - 1, _calendar.DayOf(midnight.AddTicks(-1)));
        Assert.Equal(midnight, _calendar.DayStart(june1));
    }

    [Fact]
    public void Day_of_agrees_with_the_time_zone_database_across_years()
    {
        var zone = BankCalendar.ShanghaiTimeZone();
        var random = new Random(7);
        for (int i = 0; i < 2_000; i++)
        {
            // 1985–2030: includes the years China observed daylight saving time (1986–1991).
            var instant = new DateTimeOffset(1985, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(random.NextInt64(45L * 366 * 24 * 60));
            int expected = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime).DayNumber;
            Assert.Equal(expected, _calendar.DayOf(instant));
            Assert.True(_calendar.DayStartUtcTicks(expected) <= instant.UtcTicks);
            Assert.True(_calendar.DayStartUtcTicks(expected + 1) > instant.UtcTicks);
        }
    }

    [Theory]
    [InlineData(1, "2026-06-15", "2026-06-01", "2026-07-01")]
    [InlineData(1, "2026-06-01", "2026-06-01", "2026-07-01")]
    [InlineData(15, "2026-06-14", "2026-05-15", "2026-06-15")]
    [InlineData(31, "2026-02-28", "2026-02-28", "2026-03-31")]   // clamped to the end of February
    [InlineData(31, "2026-03-30", "2026-02-28", "2026-03-31")]
    [InlineData(31, "2028-02-29", "2028-02-29", "2028-03-31")]   // leap year
    [InlineData(30, "2026-01-31", "2026-01-30", "2026-02-28")]
    public void The_rating_day_is_the_configured_day_of_the_month_clamped_to_short_months(
        int dayOfMonth, string today, string lastRating, string nextRating)
    {
        var calendar = new BankCalendar(BankCalendar.ShanghaiTimeZone(), dayOfMonth);
        int day = Date(today).DayNumber;

        Assert.Equal(Date(lastRating).DayNumber, calendar.RatingDayOnOrBefore(day));
        Assert.Equal(Date(nextRating).DayNumber, calendar.NextRatingDayAfter(day));
        Assert.Equal(today == lastRating, calendar.IsRatingDay(day));
    }

    private static DateOnly Date(string iso) =>
        DateOnly.ParseExact(iso, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
