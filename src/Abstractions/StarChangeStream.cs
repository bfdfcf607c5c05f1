using Orleans.Runtime;

namespace CrmActors.Abstractions;

/// <summary>Where customer grains publish <see cref="StarChangeNotice"/>s. Changes are spread over a fixed set of
/// partition streams so a consumer (an API node's screen hub) subscribes to all of them once, not per customer.</summary>
public static class StarChangeStream
{
    public const string ProviderName = "StarChanges";
    public const string Namespace = "star-changes";
    public const int Partitions = 8;

    public static StreamId ForCustomer(string customerId) => ForPartition(PartitionOf(customerId));

    public static StreamId ForPartition(int partition) => StreamId.Create(Namespace, $"p{partition}");

    public static int PartitionOf(string customerId) =>
        (int)(CrmActors.Scoring.EventIdHash.Of(customerId) % Partitions);
}
