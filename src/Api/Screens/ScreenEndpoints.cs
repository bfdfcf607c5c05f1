using System.Security.Claims;
using CrmActors.Abstractions;
using CrmActors.Abstractions.Screens;
using CrmActors.Api.Auth;
using CrmActors.Api.Customers;
using CrmActors.Api.Http;
using CrmActors.Api.Security;
using CrmActors.Scoring;
using Microsoft.AspNetCore.Authentication;

namespace CrmActors.Api.Screens;

/// <summary>The HTTP side of the staff screens: cookie sign-in for the pages (same staff directory as
/// <c>POST /api/v1/auth/token</c>), a desk's alerts since a sequence number (what a screen missed), acknowledge and
/// serve, the alert level, and a portfolio with its opportunities and notifications. Each desk is its branch's
/// tellers' (and admins'); each portfolio its manager's (and admins').</summary>
public static class ScreenEndpoints
{
    private const int MaxIdLength = 64;
    private const int TopOpportunities = 20;

    public static IEndpointRouteBuilder MapScreenEndpoints(this IEndpointRouteBuilder app)
    {
        var screens = app.MapGroup("/api/v1/screens").WithTags("Screens");
        // Rate-limited rather than anti-forgery-checked: a page signing in (again) has no token yet.
        screens.MapPost("/sign-in", SignIn).AllowAnonymous().LimitedAsSignIn().DisableAntiforgery()
            .WithSummary("Sign a staff member in to the web screens (sets the cookie)")
            .Produces<MeView>().Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status401Unauthorized)
            .Produces(StatusCodes.Status429TooManyRequests);
        screens.MapPost("/sign-out", (Delegate)SignOut).AllowAnonymous().WithSummary("End the screens' sign-in").Produces(StatusCodes.Status204NoContent);
        screens.MapGet("/me", Me).RequireAuthorization(Policies.Staff)
            .WithSummary("The signed-in staff member and the screen of their role").Produces<MeView>();

        var desks = app.MapGroup("/api/v1/desks/{branchId}").WithTags("Screens").RequireAuthorization(Policies.Staff);
        desks.MapGet("/alerts", GetAlerts)
            .WithSummary("A branch's VIP alerts raised or changed after sequence number `since` (all kept ones for another `epoch`)")
            .Produces<DeskFeedView>().Produces(StatusCodes.Status403Forbidden);
        desks.MapPost("/alerts/{alertId:long}/acknowledge", (string branchId, long alertId, ClaimsPrincipal user, IGrainFactory grains, BankTime bt) =>
                HandleAlert(branchId, alertId, DeskAlertState.Acknowledged, user, grains, bt))
            .WithSummary("Acknowledge a VIP alert (every screen of the branch sees it)")
            .Produces<AlertView>().Produces(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound);
        desks.MapPost("/alerts/{alertId:long}/serve", (string branchId, long alertId, ClaimsPrincipal user, IGrainFactory grains, BankTime bt) =>
                HandleAlert(branchId, alertId, DeskAlertState.Served, user, grains, bt))
            .WithSummary("Mark a VIP alert served (every screen of the branch sees it)")
            .Produces<AlertView>().Produces(StatusCodes.Status403Forbidden).Produces(StatusCodes.Status404NotFound);
        desks.MapGet("/alert-level", GetAlertLevel)
            .WithSummary("The lowest service star whose visit raises a VIP alert at the branch").Produces<AlertLevelView>();
        desks.MapPut("/alert-level", SetAlertLevel)
            .WithSummary("Set the branch's alert level (admin): \"3\" to \"7\"")
            .Produces<AlertLevelView>().Produces<FieldErrorsResponse>(StatusCodes.Status400BadRequest).Produces(StatusCodes.Status403Forbidden);

        var portfolios = app.MapGroup("/api/v1/portfolios/{managerId}").WithTags("Screens").RequireAuthorization(Policies.Staff);
        portfolios.MapGet("", GetPortfolio)
            .WithSummary("A manager's customers with their stars, and the opportunities (closest to the next star first)")
            .Produces<PortfolioView>().Produces(StatusCodes.Status403Forbidden);
        portfolios.MapGet("/notifications", GetNotifications)
            .WithSummary("A portfolio's star-change notifications after sequence number `since`")
            .Produces<PortfolioFeedView>().Produces(StatusCodes.Status403Forbidden);
        return app;
    }

    /// <summary>Claims of a staff identity, the same the bearer tokens carry (<see cref="TokenIssuer"/>).</summary>
    public static ClaimsPrincipal Principal(StaffUser user)
    {
        var claims = new List<Claim> { new("sub", user.Username), new(CrmClaims.Name, user.Username), new(CrmClaims.Role, user.Role) };
        if (user.BranchId is { Length: > 0 } branch) claims.Add(new Claim(CrmClaims.Branch, branch));
        if (user.ManagerId is { Length: > 0 } manager) claims.Add(new Claim(CrmClaims.ManagerId, manager));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthSchemes.Cookie, CrmClaims.Name, CrmClaims.Role));
    }

    public static MeView MeOf(ClaimsPrincipal user)
    {
        string role = user.FindFirst(CrmClaims.Role)?.Value ?? "";
        return new MeView(user.Name(), role, user.BranchId(), user.ManagerId(),
            role == Roles.Manager ? "/portfolio.html" : "/frontdesk.html");
    }

    private static async Task<IResult> SignIn(SignInRequest? request, StaffDirectory staff, HttpContext context, ILoggerFactory loggers)
    {
        if (StaffSignIn.Check(request?.Username, request?.Password, staff,
                loggers.CreateLogger(typeof(ScreenEndpoints)), out var user) is { } refused)
            return refused;
        var principal = Principal(user!);
        await context.SignInAsync(AuthSchemes.Cookie, principal);
        return Results.Ok(MeOf(principal));
    }

    private static async Task<IResult> SignOut(HttpContext context)
    {
        await context.SignOutAsync(AuthSchemes.Cookie);
        return Results.NoContent();
    }

    private static IResult Me(ClaimsPrincipal user) => Results.Ok(MeOf(user));

    /// <summary>A desk is its branch's tellers' and the admins'.</summary>
    public static bool CanUseDesk(ClaimsPrincipal user, string branchId) =>
        user.IsAdmin() || (user.IsTeller() && string.Equals(user.BranchId(), branchId, StringComparison.Ordinal));

    /// <summary>A portfolio is its manager's and the admins'.</summary>
    public static bool CanUsePortfolio(ClaimsPrincipal user, string managerId) =>
        user.IsAdmin() || (user.IsManager() && string.Equals(user.ManagerId(), managerId, StringComparison.Ordinal));

    private static async Task<IResult> GetAlerts(string branchId, long? since, string? epoch, ClaimsPrincipal user,
        IGrainFactory grains, BankTime bankTime)
    {
        if (branchId.Length > MaxIdLength || !CanUseDesk(user, branchId)) return Results.Forbid();
        var feed = await grains.GetGrain<IBranchDeskGrain>(branchId).GetAlerts(Math.Max(0, since ?? 0), epoch);
        return Results.Ok(new DeskFeedView(feed.BranchId, feed.Epoch, feed.LastSeq, feed.AlertLevel.ToWire(), feed.Complete,
            [.. feed.Alerts.Select(a => AlertView.From(feed.Epoch, a, bankTime))]));
    }

    private static async Task<IResult> HandleAlert(string branchId, long alertId, DeskAlertState state, ClaimsPrincipal user,
        IGrainFactory grains, BankTime bankTime)
    {
        if (branchId.Length > MaxIdLength || !CanUseDesk(user, branchId)) return Results.Forbid();
        var desk = grains.GetGrain<IBranchDeskGrain>(branchId);
        var alert = await desk.Handle(alertId, state, user.Name());
        if (alert is null) return Results.NotFound();
        var epoch = await desk.GetEpoch();
        return Results.Ok(AlertView.From(epoch, alert, bankTime));
    }

    private static async Task<IResult> GetAlertLevel(string branchId, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (branchId.Length > MaxIdLength || !CanUseDesk(user, branchId)) return Results.Forbid();
        var level = await grains.GetGrain<IBranchDeskGrain>(branchId).GetAlertLevel();
        return Results.Ok(new AlertLevelView(branchId, level.ToWire()));
    }

    private static async Task<IResult> SetAlertLevel(string branchId, AlertLevelRequest? request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!user.IsAdmin() || branchId.Length > MaxIdLength) return Results.Forbid();
        if (!StarScale.TryParseWire(request?.AlertLevel, out var level) || level < Star.Three)
            return Results.BadRequest(new FieldErrorsResponse([new FieldError("alertLevel", "must be one of \"3\", \"4\", \"5\", \"6\", \"7\"")]));
        var desk = grains.GetGrain<IBranchDeskGrain>(branchId);
        await desk.SetAlertLevel(level);
        return Results.Ok(new AlertLevelView(branchId, (await desk.GetAlertLevel()).ToWire()));
    }

    private static async Task<IResult> GetPortfolio(string managerId, ClaimsPrincipal user, IGrainFactory grains, BankTime bankTime)
    {
        if (managerId.Length > MaxIdLength || !CanUsePortfolio(user, managerId)) return Results.Forbid();
        var summary = await grains.GetGrain<IPortfolioGrain>(managerId).GetPortfolio(TopOpportunities);
        return Results.Ok(PortfolioView.From(summary, bankTime));
    }

    private static async Task<IResult> GetNotifications(string managerId, long? since, string? epoch, ClaimsPrincipal user,
        IGrainFactory grains, BankTime bankTime)
    {
        if (managerId.Length > MaxIdLength || !CanUsePortfolio(user, managerId)) return Results.Forbid();
        var feed = await grains.GetGrain<IPortfolioGrain>(managerId).GetNotifications(Math.Max(0, since ?? 0), epoch);
        return Results.Ok(new PortfolioFeedView(feed.ManagerId, feed.Epoch, feed.LastSeq, feed.Complete,
            [.. feed.Notices.Select(n => StarChangedView.From(feed.Epoch, n, bankTime))]));
    }
}
