namespace CrmActors.Scoring.Tests.Support;

/// <summary>A clock the test moves by hand; it never goes backwards (a ledger's clock is monotonic).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start.ToUniversalTime();

    public DateTimeOffset Now => _now;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        if (utc < _now) throw new InvalidOperationException($"The clock cannot go back from {_now:O} to {utc:O}.");
        _now = utc;
    }

    public void Advance(TimeSpan by) => Set(_now + by);
}
