using CrmActors.Grains.Customers;
using CrmActors.Grains.Journal;
using CrmActors.Grains.Rules;
using CrmActors.Scoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CrmActors.Grains;

public static class GrainServices
{
    /// <summary>What customer grains need from DI besides the journal's stores: the clock, the star model's
    /// configuration and the silo's sweeper. TryAdd, so a host or a test can register its own first.</summary>
    public static IServiceCollection AddCustomerGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(StarModelOptions.Default);
        services.TryAddSingleton<CheckpointCache>();
        services.TryAddSingleton<CustomerReferences>();
        // Durable modes store every customer's state: the seed reads those; the embedded default asks its residents.
        services.TryAddSingleton<IImpactSeedSource>(sp => sp.GetService<CrmActors.Abstractions.IStoredCustomerStates>() is { } stored
            ? new StoredSeedSource(stored, sp.GetRequiredService<CrmActors.Abstractions.Journal.IJournalReader>(),
                sp.GetRequiredService<Orleans.Serialization.Serializer>())
            : new ResidentSeedSource(sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<CustomerReferences>()));
        services.TryAddSingleton<ImpactSeeder>();
        if (services.Any(d => d.ServiceType == typeof(CustomerSweeper))) return services;
        services.AddSingleton<RuleBookCache>();
        services.AddHostedService(sp => sp.GetRequiredService<RuleBookCache>());
        // Options resolved when first needed: a host registers its own CustomerGrainOptions before or after this call.
        services.AddSingleton(sp => new CustomerSweeper(sp.GetRequiredService<IGrainFactory>(),
            sp.GetService<CustomerGrainOptions>() ?? CustomerGrainOptions.Default, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CustomerSweeper>>()));
        services.AddHostedService(sp => sp.GetRequiredService<CustomerSweeper>());
        return services;
    }
}
