using CrmActors.Abstractions.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Journal;

/// <summary>Runs on every silo of a durable cluster: keeps every journal queue's dispatcher activated. When a silo
/// dies, the dispatchers it hosted come back on a live silo at the next ping.</summary>
public sealed class JournalQueueKeeper(IGrainFactory grains, ILogger<JournalQueueKeeper> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, JournalQueues.Count)
                    .Select(q => grains.GetGrain<IJournalQueueGrain>(q).Ping()));
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(ex, "A journal dispatcher did not answer its ping; the next round retries.");
            }
            try { await Task.Delay(Period, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
