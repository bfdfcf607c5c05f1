namespace CrmActors.Api.Ingest;

/// <summary>Configuration section <c>Ingest</c>.</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>Contract: a batch holds 1 to 10,000 events; more is 413.</summary>
    public const int MaxEventsPerBatch = 10_000;

    /// <summary>The Retry-After (seconds) of a 503 when the engine cannot take the batch now.</summary>
    public int RetryAfterSeconds { get; set; } = 2;
}
