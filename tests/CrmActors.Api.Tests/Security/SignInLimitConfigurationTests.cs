using System.Net;
using System.Net.Http.Json;
using CrmActors.Api.Security;
using CrmActors.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace CrmActors.Api.Tests.Security;

/// <summary>A host whose limits come from configuration (<c>Auth:SignInLimit</c>): 2 attempts per user name, 3 per
/// address.</summary>
public sealed class TightSignInLimitFactory : CrmApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(SignInLimitOptions.PermitsPerUsernameKey, "2");
        builder.UseSetting(SignInLimitOptions.PermitsPerClientKey, "3");
    }
}

public sealed class SignInLimitConfigurationTests(TightSignInLimitFactory api) : IClassFixture<TightSignInLimitFactory>
{
    [Fact]
    public async Task Successful_sign_ins_count_too_so_the_right_password_is_refused_over_the_limit()
    {
        var credentials = new { username = "admin", password = "demo" };
        Assert.Equal(HttpStatusCode.OK, (await api.From().PostAsJsonAsync("/api/v1/auth/token", credentials)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.From().PostAsJsonAsync("/api/v1/screens/sign-in", credentials)).StatusCode);

        var third = await api.From().PostAsJsonAsync("/api/v1/auth/token", credentials);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task The_per_address_limit_is_configured_too()
    {
        var client = api.From();
        for (int i = 0; i < 3; i++)
        {
            var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = Ev.NewId("u"), password = "x" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        var fourth = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = Ev.NewId("u"), password = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
    }
}
