namespace CrmActors.Benchmarks;

/// <summary>The benchmark's clock: set to each event's arrival time, so the ledger sees a live stream.</summary>
internal sealed class BenchClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}
