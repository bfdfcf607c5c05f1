using System.Collections.Immutable;
using CrmActors.Abstractions.Journal;

namespace CrmActors.Abstractions;

/// <summary>One bank customer (key: the bank-wide customer number). Applies events through the star model,
/// idempotent by event id, and publishes each service-star change on <see cref="StarChangeStream"/>.</summary>
public interface ICustomerGrain : IGrainWithStringKey
{
    /// <summary>Applies a batch of this customer's validated events; an event already applied changes nothing.</summary>
    Task<IngestOutcome> Ingest(ImmutableArray<IngestedEvent> events);

    /// <summary>Applies events delivered from the durable journal (in journal order); remembers the position so a
    /// restarted grain replays only what its snapshot lacks.</summary>
    Task<IngestOutcome> ApplyJournaled(ImmutableArray<JournaledEvent> events);

    /// <summary>The customer's standing now, or null for a customer never seen.</summary>
    Task<CustomerSnapshot?> GetSnapshot();

    /// <summary>Sets a manual service star (§3.2); audited in the history.</summary>
    Task<CustomerSnapshot> SetManualStar(ManualStar setting);

    /// <summary>Clears the manual setting, if any; null for a customer never seen.</summary>
    Task<CustomerSnapshot?> ClearManualStar(string clearedBy);

    /// <summary>Every service-star change with its cause, oldest first.</summary>
    Task<ImmutableArray<StarChangeNotice>> GetHistory();
}
