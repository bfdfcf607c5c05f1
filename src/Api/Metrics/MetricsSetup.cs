using CrmActors.Api.Auth;
using CrmActors.Grains;
using OpenTelemetry.Metrics;

namespace CrmActors.Api.Metrics;

/// <summary><c>/metrics</c> in Prometheus text format (contract "Operations"): ingestion, events applied, star
/// changes, Orleans' own meters and ASP.NET Core's. Like every endpoint but /health, it needs a caller identity:
/// the ingest API key or an admin (Prometheus sends either as its authorization header).</summary>
public static class MetricsSetup
{
    public const string Policy = "metrics";

    public static IServiceCollection AddCrmMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            // System.Runtime: the runtime's own meter (GC, allocated bytes, thread pool), for cost per event.
            .AddMeter(IngestMetrics.MeterName, EngineMetrics.MeterName, "Microsoft.Orleans", "Microsoft.AspNetCore.Hosting", "System.Runtime")
            .AddPrometheusExporter());
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireRole(Roles.Ingest, Roles.Admin));
        return services;
    }

    public static IEndpointRouteBuilder MapCrmMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policy);
        return app;
    }
}
