using CrmActors.Api.Auth;
using CrmActors.Api.Hosting;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Security;

/// <summary>Outside the embedded default (the durable modes, what a bank deploys), the API refuses to start on
/// configuration that is only fit for a trial: a missing, short or placeholder <c>Auth:SigningKey</c>, a placeholder
/// ingest API key or staff password hash (the templates in deploy/ ship all three), or demo identities
/// (<c>Hosting:Demo</c>). In the Development environment the same findings are
/// logged as warnings and the process starts (deploy/local/cluster.sh and the durable tests run that way).</summary>
public static class ProductionConfiguration
{
    public const string SigningKeyKey = AuthOptions.Section + ":" + nameof(AuthOptions.SigningKey);
    public const string IngestApiKeysKey = AuthOptions.Section + ":" + nameof(AuthOptions.IngestApiKeys);
    public const string StaffKey = AuthOptions.Section + ":" + nameof(AuthOptions.Staff);

    /// <summary>Everything unfit for production in this configuration; empty in the embedded default, which is a trial
    /// by definition (its banner says so).</summary>
    public static IReadOnlyList<string> Problems(AuthOptions auth, HostingInfo hosting)
    {
        var problems = new List<string>();
        if (!hosting.IsDurable) return problems;

        var key = auth.SigningKey;
        if (string.IsNullOrEmpty(key)) problems.Add($"{SigningKeyKey} is missing.");
        else if (key.Length < SigningKey.MinimumLength)
            problems.Add($"{SigningKeyKey} is shorter than {SigningKey.MinimumLength} characters.");
        else if (PlaceholderSecret.Why(key) is { } why) problems.Add($"{SigningKeyKey} {why}.");

        for (int i = 0; i < auth.IngestApiKeys.Count; i++)
            if (auth.IngestApiKeys[i].Key is { } ingestKey && !string.IsNullOrWhiteSpace(ingestKey)
                && PlaceholderSecret.Why(ingestKey) is { } why)
                problems.Add($"{IngestApiKeysKey}:{i}:{nameof(IngestApiKey.Key)} ({auth.IngestApiKeys[i].Producer}) {why}.");

        for (int i = 0; i < auth.Staff.Count; i++)
            if (!string.IsNullOrEmpty(auth.Staff[i].PasswordHash) && PlaceholderSecret.Why(auth.Staff[i].PasswordHash) is { } why)
                problems.Add($"{StaffKey}:{i}:{nameof(StaffUser.PasswordHash)} ({auth.Staff[i].Username}) {why}.");

        if (hosting.DemoRequested)
            problems.Add($"{HostingInfo.DemoKey} is true: the demo identities (API key '{DemoIdentities.IngestApiKey}', staff "
                + $"password '{DemoIdentities.Password}') would accept anyone who read the README.");
        return problems;
    }

    /// <summary>Throws with every problem outside Development; in Development logs each as a warning.</summary>
    public static void Enforce(WebApplication app)
    {
        var hosting = app.Services.GetRequiredService<HostingInfo>();
        var problems = Problems(app.Services.GetRequiredService<IOptions<AuthOptions>>().Value, hosting);
        if (problems.Count == 0) return;

        var environment = app.Environment.EnvironmentName;
        if (app.Environment.IsDevelopment())
        {
            var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProductionConfiguration));
            foreach (var problem in problems)
                log.LogWarning("Allowed only because the environment is Development ({Mode} mode): {Problem}", hosting.Mode, problem);
            return;
        }
        throw new InvalidOperationException(
            $"CrmActors refuses to start: {hosting.Mode} mode in the {environment} environment needs production configuration."
            + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p))
            + Environment.NewLine + "Configure real secrets (deploy/README.md, docs/security.md), or for a local trial set "
            + "DOTNET_ENVIRONMENT=Development.");
    }
}
