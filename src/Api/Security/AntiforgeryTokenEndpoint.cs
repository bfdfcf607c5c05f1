using CrmActors.Api.Auth;
using Microsoft.AspNetCore.Antiforgery;

namespace CrmActors.Api.Security;

/// <summary><c>GET /api/v1/screens/antiforgery-token</c>: the token a signed-in page sends in
/// <see cref="CookieAntiforgery.HeaderName"/> on its writes. Also sets the anti-forgery cookie the token pairs with.
/// The token is bound to the signed-in user; a GET cannot be forged into revealing it (another origin cannot read
/// the answer).</summary>
public static class AntiforgeryTokenEndpoint
{
    public const string Path = "/api/v1/screens/antiforgery-token";

    public sealed record AntiforgeryTokenView(string Token, string HeaderName);

    public static IEndpointRouteBuilder MapAntiforgeryTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(context);
                return Results.Ok(new AntiforgeryTokenView(tokens.RequestToken!, CookieAntiforgery.HeaderName));
            })
            .RequireAuthorization(Policies.Staff)
            .WithTags("Screens")
            .WithSummary("The anti-forgery token a signed-in page sends in X-CSRF-TOKEN on POST/PUT/DELETE")
            .Produces<AntiforgeryTokenView>()
            .Produces(StatusCodes.Status401Unauthorized);
        return app;
    }
}
