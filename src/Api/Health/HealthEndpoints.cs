using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CrmActors.Api.Health;

/// <summary>Contract "Operations": <c>/health/live</c> (the process answers) and <c>/health/ready</c> (the silo cluster
/// answers, the database too in the durable modes: 503 Unhealthy otherwise; 200 Degraded when the journal's delivery
/// lags or changes were set aside — README "Health"). The only endpoints without a caller identity (contract
/// "Authentication").</summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddCrmHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().Bind(configuration.GetSection(HealthOptions.Section));
        services.AddHealthChecks()
            .AddCheck<SiloHealthCheck>("silo", tags: [ReadyTag])
            .AddCheck<JournalHealthCheck>("journal", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .AllowAnonymous().WithTags("Operations");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) })
            .AllowAnonymous().WithTags("Operations");
        return app;
    }
}
