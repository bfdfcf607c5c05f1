using CrmActors.Grains.Journal;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmActors.Api.Health;

/// <summary>Ready, but degraded, when the journal's delivery lags (the oldest undelivered change has waited longer than
/// <see cref="HealthOptions.MaxJournalLagSeconds"/>) or changes were set aside (dead letters): the engine still takes
/// and applies events, and an operator has something to look at. Unhealthy when the journal cannot be read.</summary>
public sealed class JournalHealthCheck(JournalWatch watch, Microsoft.Extensions.Options.IOptions<HealthOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var sample = await watch.SampleAsync(timeout.Token);
            var data = new Dictionary<string, object>
            {
                ["journalLagSeconds"] = Math.Round(sample.MaxAge.TotalSeconds, 1),
                ["journalLagEvents"] = sample.MaxChanges,
                ["deadLetters"] = sample.DeadLetters,
            };
            var problems = new List<string>();
            if (sample.MaxAge.TotalSeconds > options.Value.MaxJournalLagSeconds)
                problems.Add($"the journal's delivery lags {sample.MaxAge.TotalSeconds:F0} s (over {options.Value.MaxJournalLagSeconds} s)");
            if (sample.DeadLetters > 0)
                problems.Add($"{sample.DeadLetters} change(s) set aside (GET /api/v1/admin/dead-letters)");
            return problems.Count == 0
                ? HealthCheckResult.Healthy("the journal is delivered", data)
                : HealthCheckResult.Degraded(string.Join("; ", problems), data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the journal cannot be read", ex);
        }
    }
}

/// <summary>Configuration section <c>Health</c>.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Above this age of the oldest undelivered change (seconds), /health/ready reports Degraded.</summary>
    public int MaxJournalLagSeconds { get; set; } = 60;
}
