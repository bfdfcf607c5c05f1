namespace CrmActors.Abstractions;

/// <summary>Every customer's stored grain state, read in one pass (durable modes only: on the embedded default nothing
/// is stored). The payload is what the grain storage wrote; the grains decode it.</summary>
public interface IStoredCustomerStates
{
    /// <summary>Each stored state of grains of <paramref name="grainType"/> (the customer grain type) in this service,
    /// streamed, in no particular order.</summary>
    IAsyncEnumerable<StoredState> ReadAllAsync(string grainType, CancellationToken cancellationToken);
}

/// <summary>One grain's stored state: its key and the storage's payload.</summary>
public sealed record StoredState(string Key, byte[] Payload);
