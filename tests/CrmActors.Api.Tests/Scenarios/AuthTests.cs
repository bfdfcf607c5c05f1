using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Scenarios;

/// <summary>Contract "Authentication": missing or wrong credentials are 401, a valid identity without the right is 403;
/// contract "Reading a customer": a teller sees customers homed or identified at their branch, a manager their
/// portfolio, admin all.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthTests(CrmApiFactory api)
{
    private DateTimeOffset Now => api.Clock.GetUtcNow();

    /// <summary>A customer homed at B001 in the portfolio of M001, named 张小明.</summary>
    private async Task<string> CustomerOfB001AndM001()
    {
        var customer = Ev.NewId("c");
        var reply = await api.WithApiKey().PostEvents(
            Ev.Profile(customer, Now.AddDays(-30), "B001", managerId: "M001", displayName: "张小明"),
            Ev.Balance(customer, Now.AddDays(-30), "shortTermAssets", 50_000m));
        Assert.Equal(HttpStatusCode.Accepted, reply.Status);
        return customer;
    }

    [Fact]
    public async Task Ingest_without_credentials_is_401()
    {
        var reply = await api.Anonymous().PostEvents(Ev.Visit(Ev.NewId("c"), Now, "B001"));
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
    }

    [Fact]
    public async Task Ingest_with_a_wrong_api_key_is_401()
    {
        var reply = await api.WithApiKey("not-a-key").PostEvents(Ev.Visit(Ev.NewId("c"), Now, "B001"));
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Contains("ApiKey", reply.Response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Reading_a_customer_without_credentials_or_with_a_forged_token_is_401()
    {
        var customer = await CustomerOfB001AndM001();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetCustomer(customer)).Status);

        var forged = api.Anonymous();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetCustomer(customer)).Status);
    }

    [Fact]
    public async Task Sign_in_with_a_wrong_password_or_unknown_user_is_401()
    {
        var client = api.Anonymous();
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = "nope" });
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "nobody", password = "demo" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task Sign_in_returns_a_bearer_token_with_the_users_role_and_branch()
    {
        var reply = await api.Anonymous().PostJson("/api/v1/auth/token", "{\"username\":\"teller-b001\",\"password\":\"demo\"}");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Bearer", reply.Json.Str("tokenType"));
        Assert.Equal("teller", reply.Json.Str("role"));
        Assert.Equal("B001", reply.Json.Str("branchId"));
        Assert.False(string.IsNullOrEmpty(reply.Json.Str("accessToken")));
    }

    [Fact]
    public async Task A_teller_calling_ingest_is_403()
    {
        var reply = await (await api.AsStaff("teller-b001")).PostEvents(Ev.Visit(Ev.NewId("c"), Now, "B001"));
        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
    }

    [Fact]
    public async Task An_ingest_system_reading_a_customer_is_403()
    {
        var customer = await CustomerOfB001AndM001();
        Assert.Equal(HttpStatusCode.Forbidden, (await api.WithApiKey().GetCustomer(customer)).Status);
    }

    [Fact]
    public async Task A_teller_sees_customers_homed_at_the_branch_with_the_name_masked()
    {
        var customer = await CustomerOfB001AndM001();

        var reply = await (await api.AsStaff("teller-b001")).GetCustomer(customer);

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("张*明", reply.Json.Str("displayName"));
    }

    [Fact]
    public async Task A_teller_of_another_branch_is_403()
    {
        var customer = await CustomerOfB001AndM001();
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.AsStaff("teller-b002")).GetCustomer(customer)).Status);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await (await api.AsStaff("teller-b002")).Get($"/api/v1/customers/{customer}/history")).Status);
    }

    [Fact]
    public async Task A_teller_sees_a_customer_once_identified_at_the_branch()
    {
        var customer = await CustomerOfB001AndM001();
        var teller = await api.AsStaff("teller-b002");
        Assert.Equal(HttpStatusCode.Forbidden, (await teller.GetCustomer(customer)).Status);

        await api.WithApiKey().PostEvents(Ev.Visit(customer, Now.AddMinutes(-1), "B002", "kiosk"));

        Assert.Equal(HttpStatusCode.OK, (await teller.GetCustomer(customer)).Status);
    }

    [Fact]
    public async Task A_manager_sees_the_portfolio_and_full_name_and_a_manager_of_another_portfolio_is_403()
    {
        var customer = await CustomerOfB001AndM001();

        var own = await (await api.AsStaff("rm-m001")).GetCustomer(customer);
        var other = await (await api.AsStaff("rm-m002")).GetCustomer(customer);

        Assert.Equal(HttpStatusCode.OK, own.Status);
        Assert.Equal("张小明", own.Json.Str("displayName"));
        Assert.Equal(HttpStatusCode.Forbidden, other.Status);
    }

    [Fact]
    public async Task A_customer_never_seen_is_404()
    {
        var admin = await api.AsStaff("admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetCustomer(Ev.NewId("never"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Get($"/api/v1/customers/{Ev.NewId("never")}/history")).Status);
    }
}
