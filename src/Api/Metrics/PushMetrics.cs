using System.Diagnostics.Metrics;

namespace CrmActors.Api.Metrics;

/// <summary>What this node's end of the push path measures (README "Metrics").</summary>
public static class PushMetrics
{
    public const string MeterName = "CrmActors.Screens";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("crm.push.duration", "s",
        "From the customer grain's decision (a star change, a visit) to this node's SignalR send, by message.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets.Seconds });

    /// <summary>Records one push of a decision made at <paramref name="decidedAt"/> (wall clock, UTC). Clocks of two
    /// machines may disagree by a little: a negative figure is recorded as zero.</summary>
    public static void Pushed(DateTime decidedAt, KeyValuePair<string, object?> method)
    {
        if (decidedAt == default) return;
        Latency.Record(Math.Max(0, (DateTime.UtcNow - decidedAt).TotalSeconds), method);
    }
}

/// <summary>Histogram bounds for durations in seconds, 1 ms to 10 s (the OpenTelemetry default bounds are for
/// milliseconds).</summary>
public static class Buckets
{
    public static readonly IReadOnlyList<double> Seconds =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
