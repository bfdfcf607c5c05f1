using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace CrmActors.Api.Screens;

/// <summary>The hub connections open on this node, so an operator (or a test) can drop them from the server side —
/// e.g. after a staff member's rights changed; the screens reconnect and fetch what they missed.</summary>
public sealed class ScreenConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new();

    public int Count => _open.Count;

    internal void Add(HubCallerContext context) => _open[context.ConnectionId] = context;

    internal void Remove(HubCallerContext context) => _open.TryRemove(context.ConnectionId, out _);

    /// <summary>Aborts the connections whose user matches; returns how many.</summary>
    public int Abort(Func<ClaimsPrincipal, bool> which)
    {
        int n = 0;
        foreach (var context in _open.Values)
        {
            if (context.User is not { } user || !which(user)) continue;
            context.Abort();
            n++;
        }
        return n;
    }
}
