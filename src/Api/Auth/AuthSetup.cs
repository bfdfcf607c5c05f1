using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace CrmActors.Api.Auth;

/// <summary>Contract "Authentication": every endpoint except <c>/health/*</c> (and sign-in itself) needs an identity;
/// missing or wrong credentials are 401, a valid identity without the right is 403.</summary>
public static class AuthSetup
{
    public static IServiceCollection AddCrmAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<IngestKeys>();
        services.AddSingleton<StaffDirectory>();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<TokenIssuer>();

        services.AddAuthentication(AuthSchemes.Selector)
            // One default scheme that forwards by what the request carries, so every endpoint accepts all three.
            .AddPolicyScheme(AuthSchemes.Selector, "API key, bearer token or cookie", o =>
                o.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AuthSchemes.ApiKey, o =>
                o.TimeProvider = TimeProvider.System)
            .AddJwtBearer(AuthSchemes.Bearer, o =>
            {
                o.MapInboundClaims = false;
                o.TimeProvider = TimeProvider.System; // credentials run on the wall clock, not the business clock
            })
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.TimeProvider = TimeProvider.System;
                o.Cookie.Name = "crmactors.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.LoginPath = "/"; // contract "Staff screens": / is the sign-in page
                // API callers get status codes, not redirects to a sign-in page.
                o.Events.OnRedirectToLogin = ctx => StatusOrRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => StatusOrRedirect(ctx, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>(AuthSchemes.Bearer)
            .Configure<SigningKey>((o, key) => o.TokenValidationParameters = TokenIssuer.ValidationParameters(key));

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AuthSchemes.Selector).RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Ingest, p => p.RequireRole(Roles.Ingest))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Teller, Roles.Manager, Roles.Admin))
            .AddPolicy(Policies.ManualStar, p => p.RequireRole(Roles.Manager, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>ApiKey header → ApiKey; Bearer header → Bearer; otherwise the staff cookie.</summary>
    public static string SelectScheme(HttpContext context)
    {
        if (ApiKeyAuthenticationHandler.Carries(context.Request)) return AuthSchemes.ApiKey;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith(JwtBearerDefaults.AuthenticationScheme + " ", StringComparison.OrdinalIgnoreCase))
            return AuthSchemes.Bearer;
        return AuthSchemes.Cookie;
    }

    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        // The sign-in page itself never redirects to itself (a loop while no page is mapped there).
        if (IsApiRequest(ctx.Request) || ctx.Request.Path == ctx.Options.LoginPath)
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    private static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/openapi")
        || request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/health")
        || request.Path.StartsWithSegments("/metrics");
}
