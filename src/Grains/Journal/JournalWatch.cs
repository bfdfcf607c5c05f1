using CrmActors.Abstractions.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmActors.Grains.Journal;

/// <summary>Samples the journal's delivery lag per queue and the dead letters every <see cref="Period"/> for the
/// gauges of <see cref="EngineMetrics"/>; /health/ready asks it for a fresh sample. A few indexed reads per period,
/// off the events' path.</summary>
public sealed class JournalWatch(IJournalReader journal, IDeadLetters deadLetters, ILogger<JournalWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    /// <summary>A backlog is counted up to this many changes per queue: beyond it the figure says "at least".</summary>
    public const int CountCap = 1_000_000;

    public async Task<JournalSample> SampleAsync(CancellationToken cancellationToken)
    {
        var lags = await journal.LagAsync(CountCap, cancellationToken);
        long dead = await deadLetters.CountAsync(cancellationToken);
        // Wall clock, like the acceptance times the ages are measured from (not the business clock).
        var sample = new JournalSample(DateTimeOffset.UtcNow, lags, dead);
        EngineMetrics.Publish(sample);
        return sample;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try { await SampleAsync(stoppingToken); }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                EngineMetrics.Publish(null);
                logger.LogDebug(ex, "The journal's lag could not be sampled; the gauges report nothing until it can.");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }
}
