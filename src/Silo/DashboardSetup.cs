using Microsoft.Extensions.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;

namespace CrmActors.Silo;

/// <summary>Orleans' own dashboard (silos, grain types, calls, activations), for admins only: the API maps it at
/// <see cref="Path"/> behind the admin role. On in the embedded default, off elsewhere unless
/// <see cref="EnabledKey"/> is true — on every silo and API node of a cluster, since the API node's dashboard reads
/// what the silos' dashboard services collect.</summary>
public static class DashboardSetup
{
    public const string EnabledKey = "Dashboard:Enabled";
    public const string Path = "/dashboard";

    public static bool Enabled(IConfiguration configuration, bool embedded) => configuration.GetValue(EnabledKey, embedded);

    public static ISiloBuilder AddCrmDashboard(this ISiloBuilder silo, bool embedded)
    {
        if (Enabled(silo.Configuration, embedded)) silo.AddDashboard();
        return silo;
    }
}
