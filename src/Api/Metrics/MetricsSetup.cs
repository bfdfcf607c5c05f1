using CrmActors.Api.Auth;
using CrmActors.Silo;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CrmActors.Api.Metrics;

/// <summary><c>/metrics</c> in Prometheus text format (contract "Operations"; README "Metrics"): what every process
/// measures (<see cref="Telemetry"/>) plus ingestion, pushes and ASP.NET Core's own. Like every endpoint but /health,
/// it needs a caller identity: the ingest API key or an admin (Prometheus sends either as its authorization header).</summary>
public static class MetricsSetup
{
    public const string Policy = "metrics";

    public static IServiceCollection AddCrmMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCrmTelemetry(configuration);
        var telemetry = services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(IngestMetrics.MeterName, PushMetrics.MeterName, "Microsoft.AspNetCore.Hosting")
            .AddPrometheusExporter());
        // The API's requests open the traces (POST /api/v1/events); probes and scrapes would only be noise.
        if (Telemetry.TracingEnabled(configuration))
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = http =>
                !http.Request.Path.StartsWithSegments("/health") && !http.Request.Path.StartsWithSegments("/metrics")));
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireRole(Roles.Ingest, Roles.Admin));
        return services;
    }

    public static IEndpointRouteBuilder MapCrmMetrics(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policy);
        return app;
    }
}
