using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace CrmActors.Persistence;

/// <summary>Runs Orleans on PostgreSQL through the ADO.NET providers (invariant <see cref="Invariant"/>):
/// membership (clustering) and grain storage, on the schema of <see cref="SchemaMigrator"/>.</summary>
public static class PostgresSilo
{
    /// <summary>The ADO.NET invariant name Orleans uses to load Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Clustering on PostgreSQL, PostgreSQL grain storage as the default and for customers,
    /// and — unless <paramref name="applySchema"/> is false — the schema brought up to date before anything else
    /// in the silo starts (first lifecycle stage, ahead of membership and storage initialisation).</summary>
    /// <remarks>The caller still sets <see cref="ClusterOptions"/> (cluster and service id) and the endpoints.
    /// Grain state is stored with Orleans' own serializer: the stored types carry [GenerateSerializer], [Id] and
    /// [Alias], so renames and added fields stay readable, unlike the default JSON with CLR type names.</remarks>
    public static ISiloBuilder UsePostgres(this ISiloBuilder silo, string connectionString, bool applySchema = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (applySchema)
            silo.ConfigureServices(services => services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp =>
                new SchemaMigrationParticipant(connectionString, sp.GetRequiredService<ILogger<SchemaMigrationParticipant>>())));

        silo.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        silo.AddAdoNetGrainStorageAsDefault(storage => ConfigureStorage(storage, connectionString));
        silo.AddAdoNetGrainStorage(CrmActors.Abstractions.CustomerStorage.Name, storage => ConfigureStorage(storage, connectionString));
        return silo;
    }

    /// <summary>An external client (one not co-hosted with a silo) finding the gateways in the PostgreSQL membership
    /// table. Set the same <see cref="ClusterOptions"/> as the silos.</summary>
    public static IClientBuilder UsePostgres(this IClientBuilder client, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        client.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
        return client;
    }

    private static void ConfigureStorage(Microsoft.Extensions.Options.OptionsBuilder<AdoNetGrainStorageOptions> storage,
        string connectionString) =>
        storage.Configure<Serializer>((options, serializer) =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        });
}

/// <summary>Applies <see cref="SchemaMigrator"/> in the silo's first lifecycle stage.</summary>
internal sealed class SchemaMigrationParticipant(string connectionString, ILogger<SchemaMigrationParticipant> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SchemaMigrationParticipant), ServiceLifecycleStage.First,
            cancellationToken => SchemaMigrator.ApplyAsync(connectionString, logger, cancellationToken));
}
