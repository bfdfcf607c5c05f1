using System.Net;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Issue 13: Orleans' dashboard is on in the embedded default, for admins only (/dashboard redirects to
/// /dashboard/, its page).</summary>
[Collection(ApiCollection.Name)]
public sealed class DashboardTests(CrmApiFactory api)
{
    [Fact]
    public async Task Only_an_admin_sees_the_orleans_dashboard()
    {
        var admin = await (await api.AsStaff("admin")).GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("text/html", admin.Content.Headers.ContentType?.ToString());

        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("teller-b001")).GetAsync("/dashboard/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.WithApiKey().GetAsync("/dashboard/")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/dashboard/")).StatusCode);
    }
}
