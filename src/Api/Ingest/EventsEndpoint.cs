using System.Security.Claims;
using CrmActors.Abstractions.Journal;
using CrmActors.Api.Auth;
using CrmActors.Api.Http;
using CrmActors.Api.Metrics;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Ingest;

/// <summary><c>POST /api/v1/events</c> (contract "Ingesting events"): validate the whole batch against the declared
/// domain, then append it to the journal idempotently; 202 once the journal holds it. The journal's dispatchers deliver
/// it to the customer grains — in every run mode, the one way a change reaches a customer.</summary>
public static class EventsEndpoint
{
    public static IEndpointRouteBuilder MapEventsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/events", HandleAsync)
            .RequireAuthorization(Policies.Ingest)
            .WithName("IngestEvents")
            .WithTags("Ingest")
            .WithSummary("Ingest a batch of 1 to 10,000 customer events")
            // Documents the body; "*/*" too, so a producer that omits Content-Type is not refused with a 415
            // the contract does not list: the body is parsed as JSON whatever its declared type.
            .Accepts<EventBatchDocument>("application/json", "*/*")
            .Produces<IngestAcceptedResponse>(StatusCodes.Status202Accepted)
            .Produces<IngestErrorsResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces<IngestErrorsResponse>(StatusCodes.Status409Conflict)
            .Produces(StatusCodes.Status413PayloadTooLarge)
            .Produces(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpRequest request, ClaimsPrincipal user, TimeProvider clock, IJournal journal,
        IOptions<IngestOptions> options, ILoggerFactory loggers, IHostApplicationLifetime lifetime)
    {
        var log = loggers.CreateLogger(typeof(EventsEndpoint));
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var parsed = await EventBatchParser.ParseAsync(request.Body, user.Name(), clock.GetUtcNow(), request.HttpContext.RequestAborted);
        switch (parsed)
        {
            case BatchParseResult.TooLarge tooLarge:
                Rejected(StatusCodes.Status413PayloadTooLarge);
                return Results.Json(
                    new IngestErrorsResponse([tooLarge.Count < 0
                        ? new IngestError(-1, null, "body", "is larger than the server accepts; send smaller batches")
                        : new IngestError(-1, null, "events",
                            $"holds {tooLarge.Count} events; a batch holds at most {IngestOptions.MaxEventsPerBatch}")]),
                    statusCode: StatusCodes.Status413PayloadTooLarge);
            case BatchParseResult.Invalid invalid:
                Rejected(StatusCodes.Status400BadRequest);
                return Results.BadRequest(new IngestErrorsResponse(invalid.Errors));
        }
        var events = ((BatchParseResult.Valid)parsed).Events;

        // Once the journal is asked, the outcome must not depend on the caller staying connected.
        var ct = lifetime.ApplicationStopping;
        BatchOutcome outcome;
        try
        {
            outcome = await BatchAppend.AppendAsync(journal, events, ct);
        }
        catch (JournalUnavailableException ex)
        {
            log.LogWarning(ex, "The journal could not take a batch of {Count} events.", events.Count);
            return Unavailable(options.Value);
        }

        if (outcome.Conflicts.Count > 0)
        {
            Rejected(StatusCodes.Status409Conflict);
            return Results.Conflict(new IngestErrorsResponse([.. outcome.Conflicts
                .Select(i => new IngestError(i, events[i].ChangeId, "eventId", "is already used with different content"))]));
        }

        IngestMetrics.Accepted.Add(outcome.Appended);
        IngestMetrics.Duplicates.Add(outcome.Duplicates);
        IngestMetrics.AckLatency.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        return Results.Json(new IngestAcceptedResponse(outcome.Appended, outcome.Duplicates),
            statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>Contract: 503 with Retry-After when the engine cannot take the batch now.</summary>
    private static IResult Unavailable(IngestOptions options)
    {
        Rejected(StatusCodes.Status503ServiceUnavailable);
        return new UnavailableResult(options.RetryAfterSeconds);
    }

    private static void Rejected(int status) =>
        IngestMetrics.Rejected.Add(1, new KeyValuePair<string, object?>("status", status));
}
