using CrmActors.Api.Http;
using CrmActors.Api.Security;

namespace CrmActors.Api.Auth;

/// <summary><c>POST /api/v1/auth/token</c>: staff exchange user name and password for a bearer token
/// (contract "Authentication": bearer token for API use). Wrong credentials: 401.</summary>
public static class TokenEndpoint
{
    public sealed record TokenRequest(string? Username, string? Password);

    public sealed record TokenResponse(
        string AccessToken, string TokenType, int ExpiresIn, DateTimeOffset ExpiresAt,
        string Username, string Role, string? BranchId, string? ManagerId);

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/token", Handle)
            .AllowAnonymous()
            .LimitedAsSignIn() // 429 + Retry-After over Auth:SignInLimit
            .DisableAntiforgery() // no cookie identity is used; a forged sign-in gains the forger nothing
            .WithName("IssueToken")
            .WithTags("Auth")
            .WithSummary("Exchange staff credentials for a bearer token")
            .Produces<TokenResponse>()
            .Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static IResult Handle(TokenRequest? request, StaffDirectory staff, TokenIssuer issuer, ILoggerFactory loggers)
    {
        if (StaffSignIn.Check(request?.Username, request?.Password, staff,
                loggers.CreateLogger(typeof(TokenEndpoint)), out var user) is { } refused)
            return refused;
        var token = issuer.Issue(user!);
        var expiresIn = (int)Math.Round((token.ExpiresAt - TimeProvider.System.GetUtcNow()).TotalSeconds);
        return Results.Ok(new TokenResponse(token.AccessToken, "Bearer", expiresIn, token.ExpiresAt,
            user!.Username, user.Role, user.BranchId, user.ManagerId));
    }
}
