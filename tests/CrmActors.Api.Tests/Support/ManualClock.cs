namespace CrmActors.Api.Tests.Support;

/// <summary>The business clock under the test's control: it starts at a chosen instant and keeps ticking from there
/// at the real rate; <see cref="SetNow"/> and <see cref="Advance"/> move it. Registered in place of
/// <see cref="TimeProvider.System"/>, so the API's validation and the customer grains see the same "now".</summary>
/// <remarks>It ticks rather than stands still because the co-hosted silo resolves the same TimeProvider; timers are
/// the system's (the base class's <see cref="TimeProvider.CreateTimer"/>).</remarks>
public sealed class ManualClock : TimeProvider
{
    private long _offsetTicks;

    public ManualClock(DateTimeOffset now) => SetNow(now);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void SetNow(DateTimeOffset now) => Interlocked.Exchange(ref _offsetTicks, (now - System.GetUtcNow()).Ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
