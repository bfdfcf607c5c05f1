namespace CrmActors.Scoring;

/// <summary>Every live version of the star model and the dates they are in force from: the one input besides the
/// events that decides a customer's stars. Which version is in force on a day, and which is proposed beside it, is
/// derived from the dates alone, so every node holding the same rows decides the same (issue 12).</summary>
public sealed class RuleBook
{
    private readonly RuleSet[] _scheduled;   // by effectiveFrom, oldest first

    public RuleBook(IEnumerable<RuleSet> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        Versions = [.. versions];
        _scheduled = [.. Versions.Where(v => v.IsScheduled).OrderBy(v => v.EffectiveFrom)];
        if (_scheduled.Length == 0) throw new ArgumentException("A rule book needs a version in force.", nameof(versions));
        Proposed = Versions.SingleOrDefault(v => !v.IsScheduled);
    }

    /// <summary>The published model alone.</summary>
    public static RuleBook Of(StarModelOptions published) => new([RuleSet.Published(published)]);

    public IReadOnlyList<RuleSet> Versions { get; }

    /// <summary>The version in shadow (not scheduled), if any; at most one exists.</summary>
    public RuleSet? Proposed { get; }

    /// <summary>Bank time: every version shares the published model's zone.</summary>
    public BankCalendar Calendar => _calendar ??= new BankCalendar(_scheduled[0].Options);
    private BankCalendar? _calendar;

    /// <summary>The version in force on <paramref name="day"/>: the newest whose effectiveFrom is on or before it.</summary>
    public RuleSet InForceOn(DateOnly day)
    {
        var inForce = _scheduled[0];
        foreach (var v in _scheduled)
            if (v.EffectiveFrom <= day) inForce = v;
        return inForce;
    }

    /// <summary>The version computed beside the one in force on <paramref name="today"/>: the shadow, else the next
    /// scheduled one.</summary>
    public RuleSet? PendingOn(DateOnly today)
    {
        if (Proposed is { } proposed) return proposed;
        foreach (var v in _scheduled)   // asked per delivery: a loop, not a closure allocated per call
            if (v.EffectiveFrom > today) return v;
        return null;
    }

    public RuleSetState StateOn(RuleSet version, DateOnly today) =>
        !version.IsScheduled ? RuleSetState.Shadow
        : version.EffectiveFrom > today ? RuleSetState.Scheduled
        : ReferenceEquals(InForceOn(today), version) ? RuleSetState.Active
        : RuleSetState.Retired;

    public RuleSet? Find(string version) => Versions.FirstOrDefault(v => v.Version == version);

    /// <summary>The bank day of <paramref name="instant"/>.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => BankCalendar.Date(Calendar.DayOf(instant));
}
