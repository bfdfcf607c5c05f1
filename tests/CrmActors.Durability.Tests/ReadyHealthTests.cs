using System.Net;
using CrmActors.Durability.Tests.Support;
using Xunit.Abstractions;

namespace CrmActors.Durability.Tests;

/// <summary>Issue 13: on a real cluster (1 silo, 1 API node), /health/ready goes false (503) while PostgreSQL is down and
/// comes back once it is up again; the standalone silo serves its own /metrics meanwhile. A PostgreSQL of its own
/// (CRM_PG_STOP_PORT), as in <see cref="PostgresOutageTests"/>.</summary>
[Collection(DurabilityCollection.Name)]
public sealed class ReadyHealthTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ready_goes_false_while_the_database_is_down_and_comes_back()
    {
        await using var postgres = await OwnPostgres.StartAsync();
        await Persistence.SchemaMigrator.ApplyAsync(postgres.ConnectionString);
        await using var cluster = await LocalCluster.StartAsync(postgres.ConnectionString, silos: 1, apis: 1);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var ready = new Uri(cluster.Api(1), "/health/ready");
        try
        {
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await Get(http, ready));
            var siloMetrics = await http.GetStringAsync(cluster.SiloMetrics(1));
            Assert.Matches("(?m)^crm_activations\\{[^}]*grain=\"dispatcher\"[^}]*\\} [1-8]\\b", siloMetrics);

            await postgres.StopImmediatelyAsync();
            var down = await Until(http, ready, s => s.Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
            Assert.Equal("Unhealthy", down.Body);

            await postgres.StartAgainAsync();
            await Until(http, ready, s => s is { Status: HttpStatusCode.OK, Body: "Healthy" }, TimeSpan.FromSeconds(60));
        }
        catch
        {
            output.WriteLine(cluster.AllLogTails());
            throw;
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> Get(HttpClient http, Uri uri)
    {
        using var response = await http.GetAsync(uri);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Body)> Until(HttpClient http, Uri uri,
        Func<(HttpStatusCode Status, string Body), bool> wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        (HttpStatusCode, string) last = default;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await Get(http, uri);
                if (wanted(last)) return last;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"/health/ready did not reach the expected answer within {timeout.TotalSeconds} s (last: {last}).");
    }
}
