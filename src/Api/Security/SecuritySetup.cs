namespace CrmActors.Api.Security;

/// <summary>Two hooks in Program.cs: sign-in rate limiting and cookie anti-forgery (docs/security.md). The production
/// configuration check is a third (<see cref="ProductionConfiguration.Enforce"/>).</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddCrmSecurity(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSignInLimit(configuration).AddCookieAntiforgery();

    /// <summary>After UseAuthorization: sign-ins are anonymous endpoints, and the anti-forgery check needs the user.</summary>
    public static IApplicationBuilder UseCrmSecurity(this IApplicationBuilder app) =>
        app.UseSignInLimit().UseCookieAntiforgery();
}
