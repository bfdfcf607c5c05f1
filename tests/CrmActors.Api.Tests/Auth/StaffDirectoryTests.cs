using CrmActors.Api.Auth;
using CrmActors.Api.Hosting;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Tests.Auth;

/// <summary>Configured identities (contract "Authentication": production configuration ships none; the embedded
/// default adds the demo identities unless told not to).</summary>
public sealed class StaffDirectoryTests
{
    private static readonly HostingInfo Embedded = new(HostingMode.Embedded);

    private static StaffUser Teller(string name, string password, string branch = "B009") => new()
    {
        Username = name, Role = Roles.Teller, BranchId = branch, PasswordHash = StaffDirectory.HashPassword(password),
    };

    [Fact]
    public void A_configured_user_signs_in_with_the_password_whose_hash_is_configured()
    {
        var directory = new StaffDirectory(Options.Create(new AuthOptions { Staff = [Teller("t9", "s3cret")] }), Embedded);

        Assert.Equal("B009", directory.Verify("t9", "s3cret")?.BranchId);
        Assert.Null(directory.Verify("t9", "wrong"));
        Assert.Null(directory.Verify("T9", "s3cret")); // user names are exact
    }

    [Fact]
    public void Demo_identities_can_be_switched_off()
    {
        var on = new StaffDirectory(Options.Create(new AuthOptions()), Embedded);
        var off = new StaffDirectory(Options.Create(new AuthOptions { DemoIdentities = false }), Embedded);

        Assert.NotNull(on.Verify("admin", DemoIdentities.Password));
        Assert.Empty(off.Users);
        Assert.Null(off.Verify("admin", DemoIdentities.Password));
    }

    [Theory]
    [InlineData("teller", null, null)]     // a teller needs a branch
    [InlineData("manager", null, null)]    // a manager needs a manager id
    [InlineData("superuser", null, null)]  // not a contract role
    public void A_broken_staff_entry_stops_startup(string role, string? branch, string? manager)
    {
        var user = new StaffUser
        {
            Username = "x", Role = role, BranchId = branch, ManagerId = manager, PasswordHash = StaffDirectory.HashPassword("p"),
        };

        Assert.Throws<InvalidOperationException>(() =>
            new StaffDirectory(Options.Create(new AuthOptions { Staff = [user], DemoIdentities = false }), Embedded));
    }

    [Fact]
    public void Configured_ingest_keys_match_their_producer_and_others_do_not()
    {
        var keys = new IngestKeys(Options.Create(new AuthOptions
        {
            IngestApiKeys = [new() { Producer = "cards", Key = "k-one" }, new() { Producer = "core", Key = "k-two" },
                             new() { Producer = "cards", Key = "k-rotated" }],
            DemoIdentities = false,
        }), Embedded);

        Assert.Equal("core", keys.Match("k-two"));
        Assert.Equal("cards", keys.Match("k-rotated"));
        Assert.Null(keys.Match("k-three"));
        Assert.Null(keys.Match(DemoIdentities.IngestApiKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("cards system")]
    [InlineData("@staff")]
    public void A_producer_name_outside_its_domain_is_refused_at_startup(string producer)
    {
        Assert.Throws<InvalidOperationException>(() => new IngestKeys(Options.Create(new AuthOptions
        {
            IngestApiKeys = [new() { Producer = producer, Key = "k-one" }], DemoIdentities = false,
        }), Embedded));
    }
}
