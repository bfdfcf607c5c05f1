using System.Security.Claims;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Changes;
using CrmActors.Abstractions.Journal;
using CrmActors.Api.Auth;
using CrmActors.Api.Domain;
using CrmActors.Api.Http;
using CrmActors.Api.Ingest;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Customers;

/// <summary>Reading a customer, its star history and the manual adjustment (contract "Reading a customer",
/// "Manual adjustment"). Order of answers: 401/403 by role, 404 for a customer never seen, 403 outside the
/// caller's branch or portfolio, then 400 for a bad body. A manual adjustment is a change like an event: journaled
/// first, applied by the customer's grain from the journal, answered once applied (contract "Extensions").</summary>
public static class CustomerEndpoints
{
    /// <summary>How long a staff command's answer waits for its customer to apply it before answering 202.</summary>
    public static readonly TimeSpan CommandWait = TimeSpan.FromSeconds(30);

    public const int DefaultHistoryPage = 100;
    public const int MaxHistoryPage = 1_000;

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
            .WithSummary("Every service-star change since the customer was first seen, with its cause, oldest first, paged")
            .Produces<HistoryView>()
            .Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound);

        customers.MapPost("/manual-star", SetManualStar)
            .RequireAuthorization(Policies.ManualStar)
            .WithName("SetManualStar")
            .WithSummary("Set a manual service star (manager of the customer's portfolio, or admin)")
            .Accepts<ManualStarDocument>("application/json", "*/*")
            .Produces<CustomerView>()
            .Produces(StatusCodes.Status202Accepted)
            .Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status503ServiceUnavailable);

        customers.MapDelete("/manual-star", ClearManualStar)
            .RequireAuthorization(Policies.ManualStar)
            .WithName("ClearManualStar")
            .WithSummary("Clear the manual service star")
            .Produces<CustomerView>()
            .Produces(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> GetCustomer(string customerId, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime)
    {
        var (snapshot, refusal) = await Visible(customerId, user, grains, CustomerAccess.CanSee);
        return refusal ?? Results.Ok(CustomerView.From(snapshot!, user, bankTime));
    }

    private static async Task<IResult> GetHistory(string customerId, long? after, int? limit, ClaimsPrincipal user,
        IGrainFactory grains, BankTime bankTime)
    {
        var (_, refusal) = await Visible(customerId, user, grains, CustomerAccess.CanSee);
        if (refusal is not null) return refusal;
        if (after is < 0 || limit is < 1 or > MaxHistoryPage)
            return Results.BadRequest(new FieldErrorsResponse([new FieldError(after is < 0 ? "after" : "limit",
                after is < 0 ? "must be 0 or more" : $"must be 1 to {MaxHistoryPage}")]));
        var page = await grains.GetGrain<ICustomerGrain>(customerId).GetHistory(after ?? 0, limit ?? DefaultHistoryPage);
        return Results.Ok(HistoryView.From(customerId, page, bankTime));
    }

    private static async Task<IResult> SetManualStar(string customerId, HttpRequest request, ClaimsPrincipal user,
        IGrainFactory grains, IJournal journal, BankTime bankTime, TimeProvider clock, IOptions<IngestOptions> options)
    {
        var (_, refusal) = await Visible(customerId, user, grains, CustomerAccess.CanAdjust);
        if (refusal is not null) return refusal;

        var now = clock.GetUtcNow();
        var (body, errors) = await ManualStarRequest.ReadAsync(request.Body, now, request.HttpContext.RequestAborted);
        if (body is null) return Results.BadRequest(new FieldErrorsResponse(errors));

        return await Command(new SetManualStar
        {
            CustomerId = customerId, Producer = CustomerChange.Staff, ChangeId = NewCommandId(), OccurredAt = now,
            Star = body.Star, Reason = body.Reason, SetBy = user.Name(), ExpiresAt = body.ExpiresAt,
        }, user, grains, journal, bankTime, options.Value);
    }

    private static async Task<IResult> ClearManualStar(string customerId, ClaimsPrincipal user, IGrainFactory grains,
        IJournal journal, BankTime bankTime, TimeProvider clock, IOptions<IngestOptions> options)
    {
        var (_, refusal) = await Visible(customerId, user, grains, CustomerAccess.CanAdjust);
        if (refusal is not null) return refusal;
        return await Command(new ClearManualStar
        {
            CustomerId = customerId, Producer = CustomerChange.Staff, ChangeId = NewCommandId(), OccurredAt = clock.GetUtcNow(),
            ClearedBy = user.Name(),
        }, user, grains, journal, bankTime, options.Value);
    }

    /// <summary>Journals a staff command, then waits until the customer's grain has applied it (delivered by the
    /// journal's dispatcher like any event): 200 with the customer as it is then. If the grain does not confirm in
    /// time the command is still journaled and will apply: 202.</summary>
    private static async Task<IResult> Command(CustomerChange command, ClaimsPrincipal user, IGrainFactory grains,
        IJournal journal, BankTime bankTime, IngestOptions options)
    {
        JournalAppendResult journaled;
        try
        {
            journaled = await journal.AppendAsync([command], CancellationToken.None);
        }
        catch (JournalUnavailableException)
        {
            return new UnavailableResult(options.RetryAfterSeconds);
        }
        var customer = grains.GetGrain<ICustomerGrain>(command.CustomerId);
        if (!await customer.WaitApplied(journaled.PositionOf(0), CommandWait))
            return Results.Accepted($"/api/v1/customers/{Uri.EscapeDataString(command.CustomerId)}/history");
        var snapshot = await customer.GetSnapshot();
        return snapshot is null ? Results.NotFound() : Results.Ok(CustomerView.From(snapshot, user, bankTime));
    }

    /// <summary>A command's id: unique, and ordered by creation like the command's time.</summary>
    private static string NewCommandId() => Guid.CreateVersion7().ToString("N");

    /// <summary>The customer's snapshot, or the answer that refuses it: 404 never seen (or an id no event could have
    /// named), 403 not the caller's.</summary>
    internal static async Task<(CustomerSnapshot? Snapshot, IResult? Refusal)> Visible(
        string customerId, ClaimsPrincipal user, IGrainFactory grains, Func<ClaimsPrincipal, CustomerSnapshot, bool> allowed)
    {
        if (!FieldDomain.IsCustomerId(customerId)) return (null, Results.NotFound());
        var snapshot = await grains.GetGrain<ICustomerGrain>(customerId).GetSnapshot();
        if (snapshot is null) return (null, Results.NotFound());
        return allowed(user, snapshot) ? (snapshot, null) : (null, Results.Forbid());
    }
}
