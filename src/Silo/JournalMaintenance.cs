using CrmActors.Persistence.Journal;
using CrmActors.Scoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrmActors.Silo;

/// <summary>Hourly: creates the journal's monthly partitions ahead of time and drops those older than the window
/// plus a margin (contract: duplicates recognised for at least the window). Idempotent; every silo may run it.</summary>
public sealed class JournalMaintenance(PostgresJournal journal, StarModelOptions options, TimeProvider clock,
    ILogger<JournalMaintenance> logger) : BackgroundService
{
    /// <summary>Beyond the window: a month for late events and a month so a partition is dropped only when wholly old.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromDays(62);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                var today = DateOnly.FromDateTime(now.UtcDateTime);
                var keepFrom = DateOnly.FromDateTime((now - TimeSpan.FromDays(options.WindowDays) - Margin).UtcDateTime);
                int dropped = await journal.MaintainAsync(today, keepFrom, stoppingToken);
                if (dropped > 0) logger.LogInformation("Dropped {Count} journal partitions older than {KeepFrom}.", dropped, keepFrom);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Journal maintenance failed; retrying in a minute.");
                try { await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken); } catch (OperationCanceledException) { return; }
                continue;
            }
            try { await Task.Delay(TimeSpan.FromHours(1), stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }
}
