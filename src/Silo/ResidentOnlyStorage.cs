using Orleans.Storage;

namespace CrmActors.Silo;

/// <summary>Customer storage on the embedded default: keeps nothing. Nothing on the embedded default survives a
/// restart anyway, and customers there are never collected as idle (<see cref="EmbeddedSilo"/>), so their state
/// lives in the activation alone.</summary>
/// <remarks>Memory grain storage would keep a second, serialized copy of every customer and route each activation's
/// read and each flush through a storage grain (docs/architecture.md, "Embedded default", has the figures).</remarks>
public sealed class ResidentOnlyStorage : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;
}
