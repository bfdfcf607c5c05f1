using CrmActors.Grains.Journal;
using CrmActors.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmActors.Grains;

public static class GrainServices
{
    /// <summary>What customer grains need from DI besides the journal's stores: the clock and the star model's
    /// configuration. TryAdd, so a host or a test can register its own first.</summary>
    public static IServiceCollection AddCustomerGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(StarModelOptions.Default);
        services.TryAddSingleton<CheckpointCache>();
        return services;
    }
}
