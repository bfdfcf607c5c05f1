using System.Security.Claims;
using CrmActors.Abstractions;
using CrmActors.Api.Auth;
using CrmActors.Api.Customers;
using CrmActors.Api.Domain;
using CrmActors.Api.Screens;

namespace CrmActors.Api.Outlook;

/// <summary>The tier outlook of a customer and the at-risk list of a portfolio (docs/contract-extension-outlook.md).
/// The outlook is read under the same rules as the customer (<see cref="CustomerAccess.CanSee"/>: 404, then 403); the
/// at-risk list under the portfolio's (its manager and admins).</summary>
public static class OutlookEndpoints
{
    public static IEndpointRouteBuilder MapOutlookEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/customers/{customerId}/outlook", GetOutlook)
            .WithTags("Customers")
            .RequireAuthorization(Policies.Staff)
            .WithName("GetCustomerOutlook")
            .WithSummary("What the customer's service star will be on the next rating day if nothing else happens, and what keeps or lifts it")
            .Produces<OutlookView>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound);

        app.MapGet("/api/v1/portfolios/{managerId}/at-risk", GetAtRisk)
            .WithTags("Screens")
            .RequireAuthorization(Policies.Staff)
            .WithName("GetPortfolioAtRisk")
            .WithSummary("A manager's customers who will lose service star on their next rating day, most at stake first")
            .Produces<AtRiskListView>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);

        app.MapGet("/api/v1/portfolios/{managerId}/retention-risks", GetRetentionRisks)
            .WithTags("Screens")
            .RequireAuthorization(Policies.Staff)
            .WithName("GetPortfolioRetentionRisks")
            .WithSummary("A manager's newest retention signals (the retentionRisk messages), newest first")
            .Produces<RetentionRisksView>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> GetOutlook(string customerId, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime)
    {
        var (_, refusal) = await CustomerEndpoints.Visible(customerId, user, grains, CustomerAccess.CanSee);
        if (refusal is not null) return refusal;
        var outlook = await grains.GetGrain<ICustomerGrain>(customerId).GetOutlook();
        return outlook is null ? Results.NotFound() : Results.Ok(OutlookView.From(outlook, bankTime));
    }

    private static async Task<IResult> GetRetentionRisks(string managerId, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime)
    {
        if (managerId.Length > FieldDomain.ManagerIdMax || !ScreenEndpoints.CanUsePortfolio(user, managerId)) return Results.Forbid();
        var signals = await grains.GetGrain<IPortfolioGrain>(managerId).GetRetentionRisks();
        return Results.Ok(new RetentionRisksView(managerId, [.. signals.Select(s => RetentionRiskView.From(s, bankTime))]));
    }

    private static async Task<IResult> GetAtRisk(string managerId, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime)
    {
        if (managerId.Length > FieldDomain.ManagerIdMax || !ScreenEndpoints.CanUsePortfolio(user, managerId)) return Results.Forbid();
        var list = await grains.GetGrain<IPortfolioGrain>(managerId).GetAtRisk();
        return Results.Ok(AtRiskListView.From(list, bankTime));
    }
}
