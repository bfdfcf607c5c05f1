using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrmActors.Api.Health;

/// <summary>Contract "Operations": ready only when the silo cluster answers. Asks the management grain for the
/// active silos; no answer within the timeout, or no active silo, is unhealthy.</summary>
public sealed class SiloHealthCheck(IGrainFactory grains) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)
                .WaitAsync(Timeout, cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the silo cluster does not answer", ex);
        }
    }
}
