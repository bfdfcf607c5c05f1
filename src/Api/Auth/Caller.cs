using System.Security.Claims;

namespace CrmActors.Api.Auth;

/// <summary>Reading the caller's claims (<see cref="CrmClaims"/>).</summary>
public static class Caller
{
    public static string Name(this ClaimsPrincipal user) => user.FindFirstValue(CrmClaims.Name) ?? "unknown";

    public static string? BranchId(this ClaimsPrincipal user) => user.FindFirstValue(CrmClaims.Branch);

    public static string? ManagerId(this ClaimsPrincipal user) => user.FindFirstValue(CrmClaims.ManagerId);

    public static bool IsAdmin(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static bool IsTeller(this ClaimsPrincipal user) => user.IsInRole(Roles.Teller);

    public static bool IsManager(this ClaimsPrincipal user) => user.IsInRole(Roles.Manager);
}
