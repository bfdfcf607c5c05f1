using System.Diagnostics.Metrics;

namespace CrmActors.Api.Metrics;

/// <summary>What the ingestion endpoint counts (contract "Operations": ingestion rate).</summary>
public static class IngestMetrics
{
    public const string MeterName = "CrmActors.Ingest";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Accepted = Meter.CreateCounter<long>("crm.ingest.accepted", "{event}",
        "Events newly accepted (durable in the durable modes) and acknowledged with 202.");
    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>("crm.ingest.duplicates", "{event}",
        "Events re-sent with the same id and content.");
    public static readonly Counter<long> Rejected = Meter.CreateCounter<long>("crm.ingest.rejected", "{batch}",
        "Batches answered with 400, 409, 413 or 503, by status.");
    public static readonly Histogram<double> AckLatency = Meter.CreateHistogram<double>("crm.ingest.ack.duration", "s",
        "From the request's arrival to its 202.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.Seconds });
}
