namespace CrmActors.Api.Security;

/// <summary>The hooks in Program.cs for what docs/security.md describes: sign-in rate limiting and cookie
/// anti-forgery.</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddCrmSecurity(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSignInLimit(configuration).AddCookieAntiforgery();

    /// <summary>After UseAuthorization: sign-ins are anonymous endpoints, and the anti-forgery check needs the user.</summary>
    public static IApplicationBuilder UseCrmSecurity(this IApplicationBuilder app) =>
        app.UseSignInLimit().UseCookieAntiforgery();
}
