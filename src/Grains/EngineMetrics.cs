using System.Diagnostics.Metrics;
using CrmActors.Abstractions.Journal;

namespace CrmActors.Grains;

/// <summary>What the grains count and what the journal's watch samples, exported by every process's <c>/metrics</c>
/// (README "Metrics"). Durations are in seconds, as Prometheus' conventions ask.</summary>
public static class EngineMetrics
{
    public const string MeterName = "CrmActors.Engine";
    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> EventsApplied = Meter.CreateCounter<long>("crm.events.applied", "{event}",
        "Events newly applied by customer grains.");
    public static readonly Counter<long> EventsRedelivered = Meter.CreateCounter<long>("crm.events.redelivered", "{event}",
        "Events a customer grain had already applied (redelivery, replay, re-sent batches).");
    public static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("crm.events.dead_lettered", "{event}",
        "Journal changes a customer grain could not apply and set aside (GET /api/v1/admin/dead-letters).");
    public static readonly Counter<long> StarChanges = Meter.CreateCounter<long>("crm.star.changes", "{change}",
        "Service-star changes, by direction (upgrade, downgrade) and cause.");
    public static readonly Counter<long> RetentionSignals = Meter.CreateCounter<long>("crm.retention.signals", "{signal}",
        "Retention signals sent to relationship managers, by kind (LargeOutflow, DormantActive).");

    public static readonly Counter<long> ImpactSeeds = Meter.CreateCounter<long>("crm.impact.seeds", "{seed}",
        "Seeds of a pending rule set version's impact ended, by outcome (complete, failed).");
    public static readonly Histogram<double> ImpactSeedDuration = Meter.CreateHistogram<double>("crm.impact.seed.duration", "s",
        "How long a seed of a pending version's impact took to count every customer (or to fail).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800] });

    public static readonly UpDownCounter<long> Activations = Meter.CreateUpDownCounter<long>("crm.activations", "{activation}",
        "Grain activations in this silo, by grain (customer, dispatcher, desk, portfolio).");

    // One tag object per grain kind: counting an activation allocates nothing.
    public static readonly KeyValuePair<string, object?> CustomerGrain = new("grain", "customer");
    public static readonly KeyValuePair<string, object?> DispatcherGrain = new("grain", "dispatcher");
    public static readonly KeyValuePair<string, object?> DeskGrain = new("grain", "desk");
    public static readonly KeyValuePair<string, object?> PortfolioGrain = new("grain", "portfolio");

    private static volatile JournalSample? _journal;

    static EngineMetrics()
    {
        Meter.CreateObservableGauge("crm.journal.lag_events", () => PerQueue((_, l) => l.Changes), "{event}",
            "Per queue: changes appended to the journal and not yet delivered past its dispatcher's checkpoint (cluster-wide: every process reports the same figure).");
        Meter.CreateObservableGauge("crm.journal.lag", () => PerQueue((j, l) => l.Age(j.At).TotalSeconds), "s",
            "Per queue: how long the oldest undelivered change has waited since it was accepted (cluster-wide).");
        Meter.CreateObservableGauge("crm.dead_letters", DeadLetters, "{change}", "Changes set aside so far (cluster-wide; GET /api/v1/admin/dead-letters).");
    }

    /// <summary>The journal's latest sample (<see cref="Journal.JournalWatch"/>); null: the journal did not answer, and
    /// the gauges report nothing rather than a stale figure.</summary>
    public static void Publish(JournalSample? sample) => _journal = sample;

    private static IEnumerable<Measurement<long>> DeadLetters()
    {
        if (_journal is { } j) yield return new Measurement<long>(j.DeadLetters);
    }

    private static IEnumerable<Measurement<T>> PerQueue<T>(Func<JournalSample, QueueLag, T> value) where T : struct
    {
        if (_journal is not { } j) yield break;
        foreach (var lag in j.Queues)
            yield return new Measurement<T>(value(j, lag), new KeyValuePair<string, object?>("queue", lag.Queue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

/// <summary>What the journal's watch saw at <paramref name="At"/>: each queue's lag and the dead letters so far.</summary>
public sealed record JournalSample(DateTimeOffset At, IReadOnlyList<QueueLag> Queues, long DeadLetters)
{
    public TimeSpan MaxAge => Queues.Count == 0 ? TimeSpan.Zero : Queues.Max(q => q.Age(At));

    public long MaxChanges => Queues.Count == 0 ? 0 : Queues.Max(q => q.Changes);
}
