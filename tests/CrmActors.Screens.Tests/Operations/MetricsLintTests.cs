using System.Net;
using System.Net.Http.Headers;
using CrmActors.Api.Auth;
using CrmActors.Screens.Tests.Support;

namespace CrmActors.Screens.Tests.Operations;

/// <summary>Issue 13: the live /metrics of a running engine, after an ingest and a push, holds the project's metric
/// families and passes <c>promtool check metrics</c> with no problem in any of them (durations in seconds, counters
/// ending in _total).</summary>
[Collection(ScreensCollection.Name)]
public sealed class MetricsLintTests(ScreensHost host)
{
    private static readonly string[] Families =
    [
        "crm_ingest_accepted_total", "crm_ingest_ack_duration_seconds_bucket", "crm_events_applied_total",
        "crm_push_duration_seconds_bucket", "crm_journal_lag_events", "crm_journal_lag_seconds", "crm_dead_letters",
        "crm_activations",
    ];

    [Fact]
    public async Task The_projects_metrics_pass_promtool_and_are_all_there()
    {
        await using var manager = await HubClient.Connect(host, "rm-m001");
        var customer = await Bank.ThreeStar(host, "M001", prefix: "PROM");
        await Bank.LiftToFourStars(host, customer);
        await manager.WaitFor("starChanged", customer, TimeSpan.FromSeconds(5));

        string text = await ScrapeUntilAll();
        var (_, output) = await Promtool.CheckMetricsAsync(text);

        // A text that does not parse is reported as such; lint problems (a non-zero exit too) are named per metric,
        // and those of Orleans' and ASP.NET Core's own names are theirs.
        Assert.DoesNotContain("error while linting", output);
        var ours = output.Split('\n').Where(l => l.StartsWith("crm_", StringComparison.Ordinal)).ToList();
        Assert.True(ours.Count == 0, $"promtool found problems in the project's metrics:\n{string.Join("\n", ours)}");
        Assert.Matches("(?m)^crm_activations\\{[^}]*grain=\"customer\"[^}]*\\} [1-9]", text);
    }

    /// <summary>The gauges are sampled every few seconds and the exporter caches a scrape briefly: ask until every
    /// family is there (or fail naming the missing ones).</summary>
    private async Task<string> ScrapeUntilAll()
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", DemoIdentities.IngestApiKey);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            var missing = Families.Where(f => !text.Contains(f, StringComparison.Ordinal)).ToList();
            if (missing.Count == 0) return text;
            if (DateTime.UtcNow > deadline) Assert.Fail($"/metrics lacks {string.Join(", ", missing)}");
            await Task.Delay(250);
        }
    }
}
