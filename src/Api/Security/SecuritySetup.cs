namespace CrmActors.Api.Security;

/// <summary>The hooks in Program.cs for what docs/security.md describes: sign-in rate limiting.</summary>
public static class SecuritySetup
{
    public static IServiceCollection AddCrmSecurity(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSignInLimit(configuration);

    /// <summary>After UseAuthorization (sign-ins are anonymous endpoints, so nothing before it refuses them).</summary>
    public static IApplicationBuilder UseCrmSecurity(this IApplicationBuilder app) => app.UseSignInLimit();
}
