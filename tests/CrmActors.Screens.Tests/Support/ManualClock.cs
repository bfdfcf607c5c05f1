namespace CrmActors.Screens.Tests.Support;

/// <summary>The business clock under the test's control (as in the API tests): starts at a chosen instant and ticks at
/// the real rate. One instance may serve several hosts, so two nodes agree on "now".</summary>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public ManualClock(DateTimeOffset now) => SetNow(now);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void SetNow(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - System.GetUtcNow()).Ticks);
}
