using System.Diagnostics.Metrics;

namespace CrmActors.Grains;

/// <summary>What the grains count, exported by the API's <c>/metrics</c> (contract "Operations").</summary>
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
}
