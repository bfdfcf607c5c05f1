namespace CrmActors.Scoring;

/// <summary>Bank-time days and rating days (§1 window, §2 rating day). Days are <see cref="DateOnly.DayNumber"/>s
/// in bank time, so whole-day arithmetic is integer arithmetic.</summary>
public sealed class BankCalendar
{
    private readonly TimeZoneInfo _zone;
    private readonly int _ratingDayOfMonth;
    // Asia/Shanghai has had a fixed offset since 1991; after the zone's last rule we skip TimeZoneInfo (hot path).
    private readonly long _fixedFromUtcTicks;
    private readonly long _fixedOffsetTicks;

    public BankCalendar(TimeZoneInfo zone, int ratingDayOfMonth)
    {
        if (ratingDayOfMonth is < 1 or > 31) throw new ArgumentOutOfRangeException(nameof(ratingDayOfMonth));
        _zone = zone;
        _ratingDayOfMonth = ratingDayOfMonth;
        var rules = zone.GetAdjustmentRules();
        var lastRuleEnd = rules.Length == 0 ? DateTime.MinValue : rules.Max(r => r.DateEnd);
        _fixedFromUtcTicks = lastRuleEnd == DateTime.MaxValue.Date || lastRuleEnd == DateTime.MaxValue
            ? long.MaxValue
            : lastRuleEnd.AddDays(2).Ticks;
        _fixedOffsetTicks = zone.BaseUtcOffset.Ticks;
    }

    public BankCalendar(StarModelOptions options) : this(options.BankTimeZone, options.RatingDayOfMonth) { }

    public TimeZoneInfo Zone => _zone;

    /// <summary>Asia/Shanghai from the system's zone data, or a fixed UTC+8 zone where there is none.</summary>
    public static TimeZoneInfo ShanghaiTimeZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.CreateCustomTimeZone("Bank+08", TimeSpan.FromHours(8), "Bank time", "Bank time"); }
        catch (InvalidTimeZoneException) { return TimeZoneInfo.CreateCustomTimeZone("Bank+08", TimeSpan.FromHours(8), "Bank time", "Bank time"); }
    }

    /// <summary>The bank day of an instant given as UTC ticks.</summary>
    public int DayOf(long utcTicks)
    {
        long local = utcTicks >= _fixedFromUtcTicks
            ? utcTicks + _fixedOffsetTicks
            : TimeZoneInfo.ConvertTimeFromUtc(new DateTime(utcTicks, DateTimeKind.Utc), _zone).Ticks;
        return (int)(local / TimeSpan.TicksPerDay);
    }

    public int DayOf(DateTimeOffset instant) => DayOf(instant.UtcTicks);

    /// <summary>UTC ticks of 00:00 bank time on <paramref name="day"/>.</summary>
    public long DayStartUtcTicks(int day)
    {
        long localMidnight = day * TimeSpan.TicksPerDay;
        long guess = localMidnight - _fixedOffsetTicks;
        if (guess >= _fixedFromUtcTicks) return guess;
        var local = new DateTime(localMidnight, DateTimeKind.Unspecified);
        return _zone.IsInvalidTime(local)
            ? TimeZoneInfo.ConvertTimeToUtc(local.AddHours(1), _zone).Ticks
            : TimeZoneInfo.ConvertTimeToUtc(local, _zone).Ticks;
    }

    public DateTimeOffset DayStart(int day) => new(DayStartUtcTicks(day), TimeSpan.Zero);

    public static DateOnly Date(int day) => DateOnly.FromDayNumber(day);

    /// <summary>The most recent rating day on or before <paramref name="day"/> (§2; clamped to short months).</summary>
    public int RatingDayOnOrBefore(int day)
    {
        var date = DateOnly.FromDayNumber(day);
        var thisMonth = RatingDayIn(date.Year, date.Month);
        if (thisMonth.DayNumber <= day) return thisMonth.DayNumber;
        var previous = date.AddMonths(-1);
        return RatingDayIn(previous.Year, previous.Month).DayNumber;
    }

    public bool IsRatingDay(int day) => RatingDayOnOrBefore(day) == day;

    /// <summary>The first rating day after <paramref name="day"/>.</summary>
    public int NextRatingDayAfter(int day)
    {
        var last = DateOnly.FromDayNumber(RatingDayOnOrBefore(day)).AddMonths(1);
        return RatingDayIn(last.Year, last.Month).DayNumber;
    }

    private DateOnly RatingDayIn(int year, int month) =>
        new(year, month, Math.Min(_ratingDayOfMonth, DateTime.DaysInMonth(year, month)));

    /// <summary>An instant shown in bank time.</summary>
    public DateTimeOffset ToBankTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone);
}
