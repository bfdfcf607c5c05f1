using System.Text;
using CrmActors.Api.Auth;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Hosting;

/// <summary>Once the server listens, tells the operator where it is, how to sign in and — loudly — that the embedded
/// default keeps nothing (contract "Authentication": demo identities are logged as demonstration only).</summary>
public static class StartupBanner
{
    public static void Register(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var hosting = app.Services.GetRequiredService<HostingInfo>();
            var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CrmActors.Startup");
            bool demo = hosting.Demo && auth.DemoIdentities;
            var urls = app.Urls.Count > 0 ? app.Urls.ToList() : [EmbeddedHosting.DefaultUrl + " (not bound: in-process test server)"];

            Console.Out.Write(Text(hosting, urls, demo));
            Console.Out.Flush();
            if (hosting.IsEmbedded)
                log.LogWarning("Embedded mode: NOTHING is durable. Events, customer state and star changes are kept in memory "
                    + "and are lost when this process stops.");
            if (demo)
                log.LogWarning("Demo identities are active (API key {ApiKey}; staff {Users}, password '{Password}'). They are for "
                    + "demonstration only: never expose this process to a network.", DemoIdentities.IngestApiKey,
                    string.Join(", ", DemoIdentities.Staff.Select(s => s.Username)), DemoIdentities.Password);
        });
    }

    public static string Text(HostingInfo hosting, IReadOnlyList<string> urls, bool demo)
    {
        var line = new string('=', 78);
        var b = new StringBuilder().AppendLine().AppendLine(line);
        b.AppendLine($" CrmActors — {(hosting.IsEmbedded ? "embedded default: API and Orleans silo in one process" : hosting.Mode.ToString())}");
        foreach (var url in urls) b.AppendLine($"   Listening on   {url}");
        var first = urls[0].Split(' ')[0].TrimEnd('/');
        b.AppendLine($"   OpenAPI        {first}/openapi/v1.json   (needs a caller identity)");
        b.AppendLine($"   Health         {first}/health/live   {first}/health/ready");
        if (hosting.IsEmbedded)
        {
            b.AppendLine();
            b.AppendLine(" !! NOTHING IS DURABLE in this mode: the event journal, grain storage and streams are in");
            b.AppendLine(" !! memory. Every event, customer and star change is lost when this process stops.");
        }
        else
        {
            b.AppendLine();
            b.AppendLine(" DURABLE: a 202 means the batch is in the PostgreSQL event journal; customer state is rebuilt from");
            b.AppendLine(" snapshots plus the journal. Star-change notifications in flight are not durable (screens catch up).");
        }
        if (demo)
        {
            b.AppendLine();
            b.AppendLine(" Demo identities — FOR DEMONSTRATION ONLY (production configuration has none):");
            b.AppendLine($"   ingest API key   Authorization: ApiKey {DemoIdentities.IngestApiKey}");
            b.AppendLine($"   staff sign-in    POST {first}/api/v1/auth/token {{\"username\",\"password\"}} -> Bearer token");
            foreach (var s in DemoIdentities.Staff)
                b.AppendLine($"     {s.Username,-12} / {DemoIdentities.Password,-6} {s.Describe()}");
        }
        b.AppendLine(line);
        return b.ToString();
    }
}
