using CrmActors.Abstractions.Journal;
using CrmActors.Api.Auth;
using CrmActors.Api.Http;

namespace CrmActors.Api.Admin;

/// <summary><c>GET /api/v1/admin/dead-letters?after=&amp;limit=</c> (role admin): the journal changes a customer grain could
/// not apply, set aside with the reason so that their customer and queue went on (contract "Extensions").</summary>
public static class DeadLetterEndpoints
{
    public const int DefaultPage = 100;
    public const int MaxPage = 1_000;

    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/admin/dead-letters", List)
            .RequireAuthorization(Policies.Admin)
            .WithTags("Admin")
            .WithName("ListDeadLetters")
            .WithSummary("Journal changes that could not be applied and were set aside, oldest first")
            .Produces<DeadLettersView>()
            .Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        return app;
    }

    private static async Task<IResult> List(long? after, int? limit, IDeadLetters deadLetters, CancellationToken ct)
    {
        if (after is < 0 || limit is < 1 or > MaxPage)
            return Results.BadRequest(new FieldErrorsResponse([new FieldError(after is < 0 ? "after" : "limit",
                after is < 0 ? "must be 0 or more" : $"must be 1 to {MaxPage}")]));
        var letters = await deadLetters.ListAsync(after ?? 0, limit ?? DefaultPage, ct);
        return Results.Ok(new DeadLettersView(await deadLetters.CountAsync(ct),
            [.. letters.Select(DeadLetterView.From)]));
    }
}

/// <summary>The dead letters page: how many there are in all, and this page's.</summary>
public sealed record DeadLettersView(long Total, IReadOnlyList<DeadLetterView> DeadLetters);

/// <summary>One set-aside change. The journal position's transaction id is a string: it is a 64-bit unsigned number.</summary>
public sealed record DeadLetterView
{
    public required long Id { get; init; }
    public required string CustomerId { get; init; }
    public required string Producer { get; init; }
    public required string ChangeId { get; init; }
    /// <summary>The change's kind: BalanceEvent, FeeBusinessEvent, …, SetManualStar, ClearManualStar.</summary>
    public required string Kind { get; init; }
    public required string Txid { get; init; }
    public required int Ord { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset SetAsideAt { get; init; }

    public static DeadLetterView From(DeadLetter l) => new()
    {
        Id = l.Id, CustomerId = l.Change.CustomerId, Producer = l.Change.Producer, ChangeId = l.Change.ChangeId,
        Kind = l.Change.GetType().Name, Txid = l.Position.Txid.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Ord = l.Position.Ord, Reason = l.Reason, SetAsideAt = l.SetAsideAt,
    };
}
