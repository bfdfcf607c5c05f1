namespace CrmActors.Abstractions.Journal;

/// <summary>The dispatcher of one journal queue (key: queue number): reads the queue in order and has the customer
/// grains apply it. Orleans keeps one activation per queue somewhere in the cluster and moves it when a silo dies.</summary>
public interface IJournalQueueGrain : IGrainWithIntegerKey
{
    /// <summary>Activates the dispatcher if it is not running (silos call this periodically).</summary>
    Task Ping();

    /// <summary>Where the dispatcher has delivered up to.</summary>
    Task<JournalPosition> Delivered();
}
