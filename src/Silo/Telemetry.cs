using System.Net;
using CrmActors.Abstractions;
using CrmActors.Grains;
using CrmActors.Grains.Journal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Diagnostics;
using Orleans.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CrmActors.Silo;

/// <summary>What every process of the engine measures (README "Metrics"): the grains' meters, the journal's lag and
/// dead letters, Orleans' and the runtime's own meters. API nodes add theirs and serve <c>/metrics</c> on their HTTP
/// port; a standalone silo serves it on <see cref="MetricsPortKey"/>.</summary>
public static class Telemetry
{
    /// <summary>Optional configuration of a standalone silo: the port of its <c>/metrics</c> listener (none without it).
    /// It binds 127.0.0.1, or every interface when <see cref="DurableSilo.AdvertisedAddressKey"/> is set (a pod).</summary>
    public const string MetricsPortKey = "Metrics:Port";

    /// <summary>Optional: traces on (default off). The engine's spans, Orleans' grain calls (activity propagation) and
    /// API requests are recorded — and exported over OTLP when <see cref="OtlpEndpointKey"/> is set.</summary>
    public const string TracingEnabledKey = "Tracing:Enabled";
    /// <summary>Optional: the OTLP collector (e.g. http://collector:4317) traces are exported to.</summary>
    public const string OtlpEndpointKey = "Tracing:OtlpEndpoint";

    /// <summary>Orleans' meter (activations, messaging, grain calls) and the runtime's (GC, allocated bytes, thread pool).</summary>
    private static readonly string[] PlatformMeters = ["Microsoft.Orleans", "System.Runtime"];

    public static bool TracingEnabled(IConfiguration configuration) => configuration.GetValue(TracingEnabledKey, false);

    public static IServiceCollection AddCrmTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(JournalWatch))) return services;
        services.AddSingleton<JournalWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<JournalWatch>());
        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter([EngineMetrics.MeterName, .. PlatformMeters]));
        // Off by default: no tracer provider, so no span source has a listener and nothing is recorded.
        if (!TracingEnabled(configuration)) return services;
        telemetry.ConfigureResource(resource => resource.AddService("crmactors"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(EngineTracing.SourceName, ActivitySources.ApplicationGrainActivitySourceName,
                    ActivitySources.RuntimeActivitySourceName);
                if (configuration[OtlpEndpointKey] is { Length: > 0 } endpoint)
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(endpoint));
            });
        return services;
    }

    /// <summary>Orleans' activity propagation through grain calls, when tracing is on: a grain call continues the
    /// caller's trace. Off, it adds nothing to a call.</summary>
    public static ISiloBuilder AddCrmTracing(this ISiloBuilder silo)
    {
        if (TracingEnabled(silo.Configuration)) silo.AddActivityPropagation();
        return silo;
    }

    /// <summary>A standalone silo's <c>/metrics</c> (Prometheus text) on <see cref="MetricsPortKey"/>, when configured.
    /// Unauthenticated, like a node exporter: it carries counts, no customer data; keep the port on the cluster's
    /// network.</summary>
    public static IServiceCollection AddSiloMetricsListener(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<int?>(MetricsPortKey) is not { } port) return services;
        string host = configuration[DurableSilo.AdvertisedAddressKey] is { Length: > 0 } ? "+" : IPAddress.Loopback.ToString();
        services.AddOpenTelemetry().WithMetrics(metrics =>
            metrics.AddPrometheusHttpListener(o => { o.Host = host; o.Port = port; }));
        return services;
    }
}
