using CrmActors.Api.Auth;
using CrmActors.Api.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace CrmActors.Api.Security;

/// <summary>Cross-site request forgery protection for the staff pages. A browser sends the sign-in cookie with every
/// request to this origin, whoever caused the request, so a state-changing request (anything but GET, HEAD, OPTIONS,
/// TRACE) authenticated by that cookie must also carry the anti-forgery token in <see cref="HeaderName"/>, which only a
/// page of this origin can read (<c>GET /api/v1/screens/antiforgery-token</c>). Missing or wrong: 400.</summary>
/// <remarks>Keyed on the authentication scheme, not on endpoints, so every endpoint — including ones added later and the
/// hub's negotiate — is covered. Exempt: bearer tokens and API keys (a browser never adds them by itself) and endpoints
/// that opt out with <c>DisableAntiforgery()</c> (staff sign-in, which is rate-limited instead).</remarks>
public static class CookieAntiforgery
{
    public const string HeaderName = "X-CSRF-TOKEN";
    public const string CookieName = "crmactors.csrf";

    public static IServiceCollection AddCookieAntiforgery(this IServiceCollection services) =>
        services.AddAntiforgery(o =>
        {
            o.HeaderName = HeaderName;
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

    /// <summary>After authentication and authorization: the user (and so the cookie's validity) is known.</summary>
    public static IApplicationBuilder UseCookieAntiforgery(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!NeedsToken(context)
            || await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await next(context);
            return;
        }
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CookieAntiforgery)).LogWarning(
            "{Method} {Path} by {User} refused: cookie-authenticated without a valid anti-forgery token.",
            context.Request.Method, context.Request.Path, context.User.Name());
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsJsonAsync(new FieldErrorsResponse(
            [new FieldError(HeaderName, $"a valid anti-forgery token is required (GET {AntiforgeryTokenEndpoint.Path})")]));
    });

    /// <summary>True for a state-changing request whose identity comes from the sign-in cookie.</summary>
    public static bool NeedsToken(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            return false;
        if (context.GetEndpoint() is not { } endpoint) return false; // nothing here to change
        if (endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>() is { RequiresValidation: false }) return false;
        // The default scheme picked the cookie (no ApiKey or Bearer header), and the cookie was valid.
        return AuthSetup.SelectScheme(context) == AuthSchemes.Cookie && context.User.Identity?.IsAuthenticated == true;
    }
}
