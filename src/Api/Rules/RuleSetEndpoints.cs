using System.Globalization;
using System.Security.Claims;
using CrmActors.Abstractions.Rules;
using CrmActors.Api.Auth;
using CrmActors.Api.Customers;
using CrmActors.Api.Http;
using CrmActors.Grains.Rules;
using CrmActors.Scoring;

namespace CrmActors.Api.Rules;

/// <summary>Rule set versions (issue 12; docs/contract-extension-rule-sets.md), role admin, every write audited in the
/// store with who and when. A version is proposed in shadow (figures left out are the active version's), scheduled
/// from a rating day at least <see cref="ScheduleLeadDays"/> bank days ahead, or deleted while not in force.</summary>
public static class RuleSetEndpoints
{
    /// <summary>A version starts on a rating day at least this many bank days after today: every node re-reads the
    /// rule sets every few seconds, so each has the version a whole day before it is in force (determinism).</summary>
    public const int ScheduleLeadDays = 2;

    public static IEndpointRouteBuilder MapRuleSetEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/rule-sets").WithTags("Rule sets").RequireAuthorization(Policies.Admin);
        group.MapGet("", List)
            .WithName("ListRuleSets")
            .WithSummary("Every rule set version with its state, figures and audit trail")
            .Produces<RuleSetsView>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden);
        group.MapPost("", Propose)
            .WithName("ProposeRuleSet")
            .WithSummary("Propose a version (in shadow); figures left out are the active version's")
            .Accepts<RuleSetDocument>("application/json")
            .Produces<RuleSetView>(StatusCodes.Status201Created)
            .Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces<FieldErrorsResponse>(StatusCodes.Status409Conflict);
        group.MapPost("/{version}/schedule", Schedule)
            .WithName("ScheduleRuleSet")
            .WithSummary("Schedule a version in shadow from a future rating day")
            .Accepts<ScheduleRequest>("application/json")
            .Produces<RuleSetView>()
            .Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound)
            .Produces<FieldErrorsResponse>(StatusCodes.Status409Conflict);
        group.MapDelete("/{version}", Delete)
            .WithName("DeleteRuleSet")
            .WithSummary("Delete a version that is not in force")
            .Produces(StatusCodes.Status204NoContent)
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound)
            .Produces<FieldErrorsResponse>(StatusCodes.Status409Conflict);
        group.MapGet("/{version}/impact", Impact)
            .WithName("GetRuleSetImpact")
            .WithSummary("Live impact of a version in shadow or scheduled: customers per (star now → star under it)")
            .Produces<RuleImpactView>()
            .Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status403Forbidden)
            .Produces(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> List(IRuleSets store, TimeProvider clock, CancellationToken ct)
    {
        var (rows, book, today) = await Read(store, clock, ct);
        return Results.Ok(new RuleSetsView(today, [.. rows.Versions.Select(v => RuleSetView.From(v, book, today, rows.Audit))]));
    }

    private static async Task<IResult> Propose(HttpRequest request, ClaimsPrincipal user, IRuleSets store, TimeProvider clock,
        IServiceProvider services, ILoggerFactory logs, CancellationToken ct)
    {
        var (_, book, today) = await Read(store, clock, ct);
        var (version, errors) = await RuleSetRequest.ReadAsync(request.Body, book.InForceOn(today).Options, ct);
        if (version is null) return Results.BadRequest(new FieldErrorsResponse(errors));
        var outcome = await store.ProposeAsync(version, today, user.Name(), clock.GetUtcNow(), ct);
        if (outcome != RuleSetWrite.Done) return Conflict(outcome, version.Version, book, today);
        logs.CreateLogger(typeof(RuleSetEndpoints)).LogInformation("Rule set {Version} proposed by {User}.", version.Version, user.Name());
        await Refreshed(services, ct);
        var (rows, after, _) = await Read(store, clock, ct);
        return Results.Created($"/api/v1/rule-sets/{Uri.EscapeDataString(version.Version)}",
            RuleSetView.From(after.Find(version.Version)!, after, today, rows.Audit));
    }

    private static async Task<IResult> Schedule(string version, ScheduleRequest? body, ClaimsPrincipal user, IRuleSets store,
        TimeProvider clock, IServiceProvider services, ILoggerFactory logs, CancellationToken ct)
    {
        var (rows, book, today) = await Read(store, clock, ct);
        if (book.Find(version) is not { } found) return Results.NotFound();
        if (!DateOnly.TryParseExact(body?.EffectiveFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return Invalid("effectiveFrom", "is required: a date yyyy-MM-dd (bank time)");
        var calendar = new BankCalendar(found.Options);
        if (!calendar.IsRatingDay(day.DayNumber))
            return Invalid("effectiveFrom", $"must be a rating day of the version (day {found.Options.RatingDayOfMonth} of a month)");
        if (day.DayNumber < today.DayNumber + ScheduleLeadDays)
            return Invalid("effectiveFrom", $"must be at least {ScheduleLeadDays} days after today ({today:yyyy-MM-dd}, bank time)");
        // A longer window reads entries customers dropped before the version was proposed (they keep only the window
        // in force until then): from this day on, its whole window lies after that, on every node alike.
        var proposedOn = book.DayOf(rows.Audit.Last(a => a.Version == version && a.Action == "proposed").At);
        int longer = found.Options.WindowDays - book.InForceOn(today).Options.WindowDays;
        if (longer > 0 && day.DayNumber < proposedOn.DayNumber + longer)
            return Invalid("effectiveFrom", $"must be at least {longer} days after the version was proposed ({proposedOn:yyyy-MM-dd}): its window is {longer} days longer");
        var outcome = await store.ScheduleAsync(version, day, user.Name(), clock.GetUtcNow(), ct);
        if (outcome != RuleSetWrite.Done) return Conflict(outcome, version, book, today);
        logs.CreateLogger(typeof(RuleSetEndpoints)).LogInformation("Rule set {Version} scheduled from {Day} by {User}.", version, day, user.Name());
        await Refreshed(services, ct);
        var (written, after, _) = await Read(store, clock, ct);
        return Results.Ok(RuleSetView.From(after.Find(version)!, after, today, written.Audit));
    }

    private static async Task<IResult> Delete(string version, ClaimsPrincipal user, IRuleSets store, TimeProvider clock,
        IServiceProvider services, ILoggerFactory logs, CancellationToken ct)
    {
        var (_, book, today) = await Read(store, clock, ct);
        var outcome = await store.DeleteAsync(version, today, user.Name(), clock.GetUtcNow(), ct);
        if (outcome == RuleSetWrite.NotFound) return Results.NotFound();
        if (outcome != RuleSetWrite.Done) return Conflict(outcome, version, book, today);
        logs.CreateLogger(typeof(RuleSetEndpoints)).LogInformation("Rule set {Version} deleted by {User}.", version, user.Name());
        await Refreshed(services, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> Impact(string version, IRuleSets store, TimeProvider clock, IGrainFactory grains,
        BankTime bankTime, CancellationToken ct)
    {
        var (_, book, today) = await Read(store, clock, ct);
        if (book.PendingOn(today) is not { } pending || pending.Version != version) return Results.NotFound();
        var impact = await grains.GetGrain<IRuleImpactGrain>(version).GetImpact();
        return Results.Ok(RuleImpactView.From(impact, bankTime.From));
    }

    private static async Task<(RuleSetRows Rows, RuleBook Book, DateOnly Today)> Read(IRuleSets store, TimeProvider clock, CancellationToken ct)
    {
        var rows = await store.ReadAsync(ct);
        var book = new RuleBook(rows.Versions);
        return (rows, book, book.DayOf(clock.GetUtcNow()));
    }

    /// <summary>This node's customers see a write at once; other nodes within <see cref="RuleBookCache.Period"/>.</summary>
    private static async Task Refreshed(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<RuleBookCache>() is { } cache) await cache.RefreshAsync(ct);
    }

    private static IResult Invalid(string field, string message) =>
        Results.BadRequest(new FieldErrorsResponse([new FieldError(field, message)]));

    private static IResult Conflict(RuleSetWrite outcome, string version, RuleBook book, DateOnly today) =>
        Results.Conflict(new FieldErrorsResponse([new FieldError("version", outcome switch
        {
            RuleSetWrite.VersionUsed => $"'{version}' is already used (a version id is never reused, also after a delete)",
            RuleSetWrite.AnotherPending => $"'{book.PendingOn(today)?.Version}' is pending; schedule or delete it first (one version is computed beside the one in force)",
            RuleSetWrite.WrongState => $"'{version}' is {(book.Find(version) is { } v ? book.StateOn(v, today).ToString().ToLowerInvariant() : "gone")}: not possible in that state",
            _ => outcome.ToString(),
        })]));
}
