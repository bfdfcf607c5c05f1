using CrmActors.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;

namespace CrmActors.Grains;

/// <summary>Publishes customers' star changes on the <see cref="StarChangeStream"/> partitions through one stream
/// handle per partition for the whole silo.</summary>
/// <remarks>A handle got inside a grain (<c>this.GetStreamProvider(…).GetStream(…)</c>) is registered in that
/// activation's own stream directory: measured, ~630 B per resident customer (a dictionary, the handle, its locks),
/// a sixth of the memory budget, for 8 streams. The handles here are made once, outside any activation, and a
/// persistent stream's producer only enqueues, so sharing them is safe.</remarks>
public sealed class StarChangePublisher(IServiceProvider services)
{
    private readonly Lazy<IAsyncStream<StarChangeNotice>[]> _streams = new(() =>
        // On the thread pool: no grain is the current context there, so the handles belong to the silo.
        Task.Run(() =>
        {
            var provider = services.GetRequiredKeyedService<IStreamProvider>(StarChangeStream.ProviderName);
            return Enumerable.Range(0, StarChangeStream.Partitions)
                .Select(p => provider.GetStream<StarChangeNotice>(StarChangeStream.ForPartition(p)))
                .ToArray();
        }).GetAwaiter().GetResult());

    public Task PublishAsync(StarChangeNotice notice) =>
        _streams.Value[StarChangeStream.PartitionOf(notice.CustomerId)].OnNextAsync(notice);
}
