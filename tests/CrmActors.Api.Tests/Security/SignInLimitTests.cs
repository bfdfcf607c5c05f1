using System.Net;
using System.Net.Http.Json;
using CrmActors.Api.Security;
using CrmActors.Api.Tests.Support;

namespace CrmActors.Api.Tests.Security;

/// <summary>Issue 9, item 7: staff sign-in (bearer token and the screens' cookie sign-in) is limited per user name and
/// per client address, with the defaults (5 and 20 attempts a minute); over a limit: 429 with Retry-After. Every test
/// uses its own user names and addresses, so the shared host's other tests keep their budgets.</summary>
[Collection(ApiCollection.Name)]
public sealed class SignInLimitTests(CrmApiFactory api)
{
    private const string TokenPath = "/api/v1/auth/token";
    private const string CookiePath = "/api/v1/screens/sign-in";

    private static Task<HttpResponseMessage> Attempt(HttpClient client, string path, string username, string password = "wrong") =>
        client.PostAsJsonAsync(path, new { username, password });

    private static void AssertLimited(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.Equal(60, retryAfter.Value.TotalSeconds); // the window: waiting that long always works
    }

    [Fact]
    public async Task One_user_name_gets_five_attempts_a_minute_from_any_addresses_on_either_endpoint_then_429()
    {
        var name = Ev.NewId("guess");
        for (int i = 0; i < 5; i++)
        {
            var response = await Attempt(api.From(), i % 2 == 0 ? TokenPath : CookiePath, name);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        AssertLimited(await Attempt(api.From(), TokenPath, name));
        AssertLimited(await Attempt(api.From(), CookiePath, name));
    }

    [Fact]
    public async Task A_limited_user_name_does_not_limit_another_one()
    {
        var limited = Ev.NewId("guess");
        for (int i = 0; i < 5; i++) await Attempt(api.From(), TokenPath, limited);
        AssertLimited(await Attempt(api.From(), TokenPath, limited));

        var other = await Attempt(api.From(), TokenPath, Ev.NewId("other"));
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task One_address_gets_twenty_attempts_a_minute_across_user_names_then_429_and_another_address_is_not_affected()
    {
        var attacker = ClientAddresses.NewAddress();
        for (int i = 0; i < 20; i++)
        {
            var response = await Attempt(api.From(attacker), i % 2 == 0 ? TokenPath : CookiePath, Ev.NewId("spray"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        AssertLimited(await Attempt(api.From(attacker), TokenPath, Ev.NewId("spray")));
        AssertLimited(await Attempt(api.From(attacker), CookiePath, Ev.NewId("spray")));

        var elsewhere = await Attempt(api.From(), TokenPath, Ev.NewId("spray"));
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
    }

    [Fact]
    public async Task IPv6_clients_of_one_64_share_an_address_budget()
    {
        var budget = Enumerable.Range(1, 20).Select(i => IPAddress.Parse($"2001:db8:7:9:{i:x}::1")).ToList();
        foreach (var address in budget)
            Assert.Equal(HttpStatusCode.Unauthorized, (await Attempt(api.From(address), TokenPath, Ev.NewId("v6"))).StatusCode);

        AssertLimited(await Attempt(api.From(IPAddress.Parse("2001:db8:7:9:ffff::2")), TokenPath, Ev.NewId("v6")));
        var nextNetwork = await Attempt(api.From(IPAddress.Parse("2001:db8:7:a::1")), TokenPath, Ev.NewId("v6"));
        Assert.Equal(HttpStatusCode.Unauthorized, nextNetwork.StatusCode);
    }

    [Fact]
    public async Task A_sign_in_body_too_large_to_hold_a_user_name_is_413_without_trying_it()
    {
        var padded = $"{{\"username\":\"admin\",\"password\":\"demo\"{new string(' ', SignInAttempt.MaxBodyBytes)}}}";
        using var content = new StringContent(padded, System.Text.Encoding.UTF8, "application/json");
        var response = await api.From().PostAsync(TokenPath, content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
