using System.Collections.Immutable;
using System.Diagnostics;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Journal;

namespace CrmActors.Grains.Journal;

/// <summary>The span of one customer's delivery (docs/architecture.md, "Traces"): a child of the append that journaled
/// the first of its changes, so one trace runs from the producer's POST to the screens; changes of other appends in the
/// same delivery are linked. Orleans' activity propagation carries it into the customer grain's call.</summary>
internal static class DeliverySpan
{
    public static Activity? Start(short queue, ImmutableArray<JournaledChange> changes)
    {
        // Tracing off: no listener, nothing parsed or allocated.
        if (!EngineTracing.Source.HasListeners()) return null;
        string? parent = null;
        HashSet<string>? linked = null;
        List<ActivityLink>? links = null;
        foreach (var change in changes)
        {
            if (change.Trace is not { } trace || trace == parent) continue;
            if (parent is null) parent = trace;
            else if ((linked ??= []).Add(trace) && ActivityContext.TryParse(trace, null, isRemote: true, out var context))
                (links ??= []).Add(new ActivityLink(context));
        }
        ActivityContext.TryParse(parent, null, isRemote: true, out var parentContext);
        var span = EngineTracing.Source.StartActivity(EngineTracing.JournalDeliver, ActivityKind.Consumer, parentContext, links: links);
        span?.SetTag("crm.journal.queue", queue);
        span?.SetTag("crm.journal.changes", changes.Length);
        return span;
    }
}
