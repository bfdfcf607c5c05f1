using System.Security.Claims;
using CrmActors.Abstractions;
using CrmActors.Api.Auth;
using CrmActors.Api.Http;

namespace CrmActors.Api.Customers;

/// <summary>Reading a customer, its star history and the manual adjustment (contract "Reading a customer",
/// "Manual adjustment"). Order of answers: 401/403 by role, 404 for a customer never seen, 403 outside the
/// caller's branch or portfolio, then 400 for a bad body.</summary>
public static class CustomerEndpoints
{
    /// <summary>Contract: customerId is 1–64 characters; a longer one cannot have been seen.</summary>
    private const int MaxCustomerIdLength = 64;

    public static IEndpointRouteBuilder MapCustomerEndpoints(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/api/v1/customers/{customerId}").WithTags("Customers");

        customers.MapGet("", GetCustomer)
            .RequireAuthorization(Policies.Staff)
            .WithName("GetCustomer")
            .WithSummary("A customer's points, stars and products")
            .Produces<CustomerView>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound);

        customers.MapGet("/history", GetHistory)
            .RequireAuthorization(Policies.Staff)
            .WithName("GetCustomerHistory")
            .WithSummary("Every service-star change with its cause, oldest first")
            .Produces<HistoryView>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound);

        customers.MapPost("/manual-star", SetManualStar)
            .RequireAuthorization(Policies.ManualStar)
            .WithName("SetManualStar")
            .WithSummary("Set a manual service star (manager of the customer's portfolio, or admin)")
            .Accepts<ManualStarDocument>("application/json", "*/*")
            .Produces<CustomerView>()
            .Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound);

        customers.MapDelete("/manual-star", ClearManualStar)
            .RequireAuthorization(Policies.ManualStar)
            .WithName("ClearManualStar")
            .WithSummary("Clear the manual service star")
            .Produces<CustomerView>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> GetCustomer(string customerId, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime)
    {
        var (snapshot, refusal) = await Visible(customerId, user, grains, CustomerAccess.CanSee);
        return refusal ?? Results.Ok(CustomerView.From(snapshot!, user, bankTime));
    }

    private static async Task<IResult> GetHistory(string customerId, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime)
    {
        var (_, refusal) = await Visible(customerId, user, grains, CustomerAccess.CanSee);
        if (refusal is not null) return refusal;
        var history = await grains.GetGrain<ICustomerGrain>(customerId).GetHistory();
        return Results.Ok(new HistoryView(customerId, history.Select(n => StarChangeView.From(n, bankTime)).ToList()));
    }

    private static async Task<IResult> SetManualStar(
        string customerId, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime, TimeProvider clock)
    {
        var (_, refusal) = await Visible(customerId, user, grains, CustomerAccess.CanAdjust);
        if (refusal is not null) return refusal;

        var (body, errors) = await ManualStarRequest.ReadAsync(request.Body, clock.GetUtcNow(), request.HttpContext.RequestAborted);
        if (body is null) return Results.BadRequest(new FieldErrorsResponse(errors));

        var snapshot = await grains.GetGrain<ICustomerGrain>(customerId)
            .SetManualStar(new ManualStar(body.Star, body.Reason, body.ExpiresAt, user.Name()));
        return Results.Ok(CustomerView.From(snapshot, user, bankTime));
    }

    private static async Task<IResult> ClearManualStar(string customerId, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime)
    {
        var (_, refusal) = await Visible(customerId, user, grains, CustomerAccess.CanAdjust);
        if (refusal is not null) return refusal;
        var snapshot = await grains.GetGrain<ICustomerGrain>(customerId).ClearManualStar(user.Name());
        return snapshot is null ? Results.NotFound() : Results.Ok(CustomerView.From(snapshot, user, bankTime));
    }

    /// <summary>The customer's snapshot, or the answer that refuses it: 404 never seen, 403 not the caller's.</summary>
    private static async Task<(CustomerSnapshot? Snapshot, IResult? Refusal)> Visible(
        string customerId, ClaimsPrincipal user, IGrainFactory grains, Func<ClaimsPrincipal, CustomerSnapshot, bool> allowed)
    {
        if (customerId.Length > MaxCustomerIdLength) return (null, Results.NotFound());
        var snapshot = await grains.GetGrain<ICustomerGrain>(customerId).GetSnapshot();
        if (snapshot is null) return (null, Results.NotFound());
        return allowed(user, snapshot) ? (snapshot, null) : (null, Results.Forbid());
    }
}
