using System.Security.Claims;
using CrmActors.Abstractions;
using CrmActors.Api.Auth;

namespace CrmActors.Api.Customers;

/// <summary>Contract "Reading a customer": staff see only customers they may see — a teller: customers identified at
/// their branch or homed there; a manager: their portfolio; admin: all.</summary>
public static class CustomerAccess
{
    public static bool CanSee(ClaimsPrincipal user, CustomerSnapshot customer)
    {
        if (user.IsAdmin()) return true;
        if (user.IsManager() && InPortfolio(user, customer)) return true;
        if (user.IsTeller() && user.BranchId() is { Length: > 0 } branch)
        {
            if (string.Equals(customer.HomeBranchId, branch, StringComparison.Ordinal)) return true;
            if (!customer.VisitedBranches.IsDefault && customer.VisitedBranches.Contains(branch, StringComparer.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>Contract "Manual adjustment": a manager for their own portfolio, or an admin.</summary>
    public static bool CanAdjust(ClaimsPrincipal user, CustomerSnapshot customer) =>
        user.IsAdmin() || (user.IsManager() && InPortfolio(user, customer));

    private static bool InPortfolio(ClaimsPrincipal user, CustomerSnapshot customer) =>
        user.ManagerId() is { Length: > 0 } manager && string.Equals(customer.ManagerId, manager, StringComparison.Ordinal);
}
