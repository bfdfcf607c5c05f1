using System.Net;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Contract "Operations": /metrics in Prometheus text format, for the ingest key or an admin only.</summary>
[Collection(ApiCollection.Name)]
public sealed class MetricsTests(CrmApiFactory api)
{
    [Fact]
    public async Task Metrics_need_a_caller_identity_with_the_right()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("teller-b001")).GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_count_accepted_events_and_events_applied_in_prometheus_text()
    {
        var ingest = api.WithApiKey();
        var accepted = await ingest.PostEvents(Ev.Fee(Ev.NewId("metrics"), api.Clock.GetUtcNow().AddHours(-1), "cardSpending", 100m));
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);

        // The exporter caches a scrape briefly; ask until the counters appear.
        string text = "";
        for (int attempt = 0; attempt < 50 && !(text.Contains("crm_ingest_accepted") && text.Contains("crm_events_applied")); attempt++)
        {
            var response = await ingest.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (!text.Contains("crm_events_applied")) await Task.Delay(100);
        }
        Assert.Contains("# TYPE crm_ingest_accepted", text);
        Assert.Contains("crm_events_applied", text);
    }
}
