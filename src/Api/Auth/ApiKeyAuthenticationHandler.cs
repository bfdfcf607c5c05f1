using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Auth;

/// <summary>Contract "Authentication": card and core-banking systems send <c>Authorization: ApiKey &lt;key&gt;</c> and
/// get role <c>ingest</c>. A wrong key fails (401); no ApiKey header is no result (another scheme may apply).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IngestKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Prefix = "ApiKey";

    /// <summary>True when the Authorization header uses the ApiKey scheme.</summary>
    public static bool Carries(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            && (header.Length == Prefix.Length || header[Prefix.Length] == ' ');
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Carries(Request)) return Task.FromResult(AuthenticateResult.NoResult());
        var key = Request.Headers.Authorization.ToString()[Prefix.Length..].Trim();
        var producer = key.Length == 0 ? null : keys.Match(key);
        if (producer is null) return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));

        // The caller's name is its producer: the identity its event ids are unique under.
        var identity = new ClaimsIdentity(
            [new Claim(CrmClaims.Name, producer), new Claim(CrmClaims.Role, Roles.Ingest)],
            Scheme.Name, CrmClaims.Name, CrmClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Prefix;
        return Task.CompletedTask;
    }
}
