namespace CrmActors.Benchmarks;

/// <summary>Memory per resident customer, after every customer went idle (and just after loading).</summary>
internal sealed record MemoryResult(
    int Customers,
    int EventsPerCustomer,
    double LoadSeconds,
    double ActiveHeapBytesPerCustomer,
    double IdleHeapBytesPerCustomer,
    double IdleWorkingSetBytesPerCustomer);
