namespace CrmActors.Benchmarks;

/// <summary>Events/s through the pure library on one thread.</summary>
internal sealed record LedgerResult(
    int Customers,
    int Events,
    double LateShare,
    double EventsPerSecond,
    double MicrosPerEvent,
    double AllocatedBytesPerEvent,
    long Rebuilds);
