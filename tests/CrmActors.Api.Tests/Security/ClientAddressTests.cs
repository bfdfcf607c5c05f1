using System.Net;
using CrmActors.Api.Security;

namespace CrmActors.Api.Tests.Security;

public sealed class ClientAddressTests
{
    [Fact]
    public void IPv4_is_keyed_by_the_address_and_IPv4_mapped_IPv6_as_the_same_IPv4()
    {
        Assert.Equal("192.0.2.7", ClientAddress.Key(IPAddress.Parse("192.0.2.7")));
        Assert.Equal("192.0.2.7", ClientAddress.Key(IPAddress.Parse("::ffff:192.0.2.7")));
    }

    [Fact]
    public void IPv6_is_keyed_by_its_64()
    {
        var one = ClientAddress.Key(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:1"));
        Assert.Equal(one, ClientAddress.Key(IPAddress.Parse("2001:db8:1:2::9")));
        Assert.NotEqual(one, ClientAddress.Key(IPAddress.Parse("2001:db8:1:3::9")));
        Assert.Equal("2001:db8:1:2::/64", one);
    }

    [Fact]
    public void No_address_shares_one_key() => Assert.Equal(ClientAddress.Unknown, ClientAddress.Key(null));
}
