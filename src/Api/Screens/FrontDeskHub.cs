using CrmActors.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace CrmActors.Api.Screens;

/// <summary>The staff screens' hub at <c>/hubs/frontdesk</c> (contract "Staff screens"). A connection joins only the
/// groups its identity allows: a teller the desk of their branch, a manager their portfolio — on connecting, from
/// the claims. Only an admin chooses (<see cref="WatchBranch"/>, <see cref="WatchPortfolio"/>, <see cref="WatchRuleImpact"/>). Messages pushed:
/// <c>vipAlert</c>, <c>alertHandled</c>, <c>starChanged</c>, <c>portfolioChanged</c>, …, <c>ruleImpact</c> (see <see cref="ScreenFanout"/>).</summary>
[Authorize(Policy = Policies.Staff)]
public sealed class FrontDeskHub(ScreenFanout fanout, ScreenConnections connections) : Hub
{
    public const string Path = "/hubs/frontdesk";
    private const string ScopesKey = "scopes";

    public override async Task OnConnectedAsync()
    {
        connections.Add(Context);
        var user = Context.User!;
        if (user.IsTeller() && user.BranchId() is { Length: > 0 } branch) await Join(ScreenScope.Desk(branch));
        else if (user.IsManager() && user.ManagerId() is { Length: > 0 } manager) await Join(ScreenScope.Portfolio(manager));
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context);
        foreach (var scope in Scopes()) fanout.Unwatch(scope);
        Scopes().Clear();
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Who this connection is and what it watches. Invocations run after <see cref="OnConnectedAsync"/>, so
    /// when this answers, the connection is in its groups and the node subscribed: a page shows "connected" only then.</summary>
    public HelloView Hello() => HelloView.Of(Context.User!, Scopes());

    /// <summary>Admin only: watch one branch's desk instead of whatever was watched.</summary>
    public async Task<HelloView> WatchBranch(string branchId)
    {
        await SwitchTo(ScreenScope.Desk(RequireId(branchId)));
        return Hello();
    }

    /// <summary>Admin only: watch one manager's portfolio instead of whatever was watched.</summary>
    public async Task<HelloView> WatchPortfolio(string managerId)
    {
        await SwitchTo(ScreenScope.Portfolio(RequireId(managerId)));
        return Hello();
    }

    /// <summary>Admin only: watch a pending rule set version's impact (<c>ruleImpact</c>, at most once a second while it
    /// changes) instead of whatever was watched.</summary>
    public async Task<HelloView> WatchRuleImpact(string version)
    {
        await SwitchTo(ScreenScope.RuleImpact(RequireId(version)));
        return Hello();
    }

    private async Task SwitchTo(ScreenScope scope)
    {
        if (!Context.User!.IsAdmin())
            throw new HubException("Only an admin may choose what to watch; this screen shows what your sign-in allows.");
        foreach (var old in Scopes().Where(s => s != scope).ToList())
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, old.Group);
            fanout.Unwatch(old);
            Scopes().Remove(old);
        }
        if (!Scopes().Contains(scope)) await Join(scope);
    }

    private async Task Join(ScreenScope scope)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, scope.Group);
        Scopes().Add(scope);
        await fanout.WatchAsync(scope);
    }

    private HashSet<ScreenScope> Scopes()
    {
        if (Context.Items.TryGetValue(ScopesKey, out var value) && value is HashSet<ScreenScope> scopes) return scopes;
        scopes = [];
        Context.Items[ScopesKey] = scopes;
        return scopes;
    }

    private static string RequireId(string? id) =>
        string.IsNullOrWhiteSpace(id) || id.Length > 64 ? throw new HubException("A branch or manager id of 1–64 characters is required.") : id;
}

/// <summary>The answer of <see cref="FrontDeskHub.Hello"/>.</summary>
public sealed record HelloView(string Username, string Role, string? BranchId, string? ManagerId, IReadOnlyList<string> Watching)
{
    public static HelloView Of(System.Security.Claims.ClaimsPrincipal user, IEnumerable<ScreenScope> scopes) =>
        new(user.Name(), user.FindFirst(CrmClaims.Role)?.Value ?? "", user.BranchId(), user.ManagerId(),
            [.. scopes.Select(s => s.Group).Order(StringComparer.Ordinal)]);
}
