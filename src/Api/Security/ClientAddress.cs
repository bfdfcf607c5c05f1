using System.Net;
using System.Net.Sockets;

namespace CrmActors.Api.Security;

/// <summary>The rate-limit key of a client's address. An IPv6 client is keyed by its /64 network: one customer line
/// usually gets a whole /64, so keying single IPv6 addresses would give one attacker 2^64 fresh budgets.</summary>
public static class ClientAddress
{
    /// <summary>The key of connections without an IP address (an in-process test server, a Unix socket): they share one
    /// budget rather than getting none.</summary>
    public const string Unknown = "unknown";

    public static string Key(IPAddress? address)
    {
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
