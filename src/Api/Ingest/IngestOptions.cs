namespace CrmActors.Api.Ingest;

/// <summary>Configuration section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Contract: a batch holds 1 to 10,000 events; more is 413.</summary>
    public const int MaxEventsPerBatch = 10_000;

    /// <summary>Contract: occurredAt may be at most this far ahead of now (clock skew between producers and us).</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>How many customer grains one batch calls at once. Bounded: thousands of calls in flight only
    /// grow queues and starve the thread pool (shared/notes/orleans-measurements.md).</summary>
    public int MaxConcurrentCustomers { get; set; } = 64;

    /// <summary>The Retry-After (seconds) of a 503 when the engine cannot take the batch now.</summary>
    public int RetryAfterSeconds { get; set; } = 2;
}
