using CrmActors.Silo;
using Microsoft.AspNetCore.DataProtection;

namespace CrmActors.Api.Hosting;

/// <summary>The embedded default: this process co-hosts the Orleans silo (in-memory storage) and keeps the journal in
/// memory, delivered by the same dispatchers as a durable cluster's. Nothing is durable; everything is lost on restart.</summary>
public static class EmbeddedHosting
{
    public const string SiloPortKey = "Orleans:SiloPort";
    public const string GatewayPortKey = "Orleans:GatewayPort";
    /// <summary>Optional: the silo port of another embedded node on this machine, whose cluster this node joins (two
    /// API nodes sharing one cluster without a database, e.g. the screens' cross-node test).</summary>
    public const string PrimarySiloPortKey = "Orleans:PrimarySiloPort";
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static WebApplicationBuilder UseEmbeddedHosting(this WebApplicationBuilder builder)
    {
        // Ports from configuration so several hosts (tests) can run side by side on free ports.
        int siloPort = builder.Configuration.GetValue(SiloPortKey, 11111);
        int gatewayPort = builder.Configuration.GetValue(GatewayPortKey, 30000);
        int? primarySiloPort = builder.Configuration.GetValue<int?>(PrimarySiloPortKey);
        builder.UseOrleans(silo => silo.UseEmbeddedDefaults(siloPort, gatewayPort, primarySiloPort));

        // The API appends to the journal the co-hosted silo's dispatchers read.
        builder.Services.AddInMemoryJournal();

        // Cookie keys live in memory too: like everything here, sign-ins end with the process.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

        if (!HasConfiguredUrls(builder.Configuration)) builder.WebHost.UseUrls(DefaultUrl);
        return builder;
    }

    /// <summary>True when --urls, ASPNETCORE_URLS, ASPNETCORE_HTTP(S)_PORTS or Kestrel endpoints choose the address.</summary>
    internal static bool HasConfiguredUrls(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["urls"])
        || !string.IsNullOrWhiteSpace(configuration["http_ports"])
        || !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
