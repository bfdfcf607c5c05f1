using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CrmActors.Api.Tests.Support;

/// <summary>Clients that reach the in-process server from an address of the test's choosing (the server sees it as the
/// TCP peer), so per-address limits can be exercised and tests do not share one budget.</summary>
public static class ClientAddresses
{
    private static int _next;

    /// <summary>An address no other test of this run uses (10.0.0.0/8).</summary>
    public static IPAddress NewAddress()
    {
        int n = Interlocked.Increment(ref _next);
        return new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
    }

    /// <summary>A client from <paramref name="address"/> (a new one when null) that keeps cookies like a browser.</summary>
    public static HttpClient From(this CrmApiFactory api, IPAddress? address = null)
    {
        var from = address ?? NewAddress();
        var handler = new CookieContainerHandler { InnerHandler = api.Server.CreateHandler(c => c.Connection.RemoteIpAddress = from) };
        return new HttpClient(handler) { BaseAddress = api.Server.BaseAddress };
    }
}
