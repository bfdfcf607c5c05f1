using System.Text.RegularExpressions;
using CrmActors.Api.Auth;
using CrmActors.Api.Hosting;
using CrmActors.Api.Security;

namespace CrmActors.Api.Tests.Security;

/// <summary>Issue 9, item 7: outside the embedded default, configuration fit only for a trial is found — a missing,
/// short or placeholder signing key, a placeholder ingest key, demo identities — and the findings never repeat the
/// secret itself.</summary>
public sealed class ProductionConfigurationTests
{
    public const string GoodKey = "q3J8vT1xZk0pW9mN4bR7cY2uE6hA5sLdG+fK/oI=";

    private static readonly HostingInfo Client = new(HostingMode.Client);

    private static AuthOptions Auth(string? signingKey = GoodKey, params string[] ingestKeys) =>
        new() { SigningKey = signingKey, IngestApiKeys = [.. ingestKeys.Select((k, i) => new IngestApiKey { Producer = $"p{i}", Key = k })] };

    [Fact]
    public void Real_secrets_in_a_durable_mode_are_fine() =>
        Assert.Empty(ProductionConfiguration.Problems(Auth(GoodKey, "Zx81-kq02-PLm3-vv7T-0aa9"), Client));

    [Fact]
    public void The_embedded_default_is_a_trial_and_is_never_refused() =>
        Assert.Empty(ProductionConfiguration.Problems(Auth(null, "demo-ingest-key"), new HostingInfo(HostingMode.Embedded, DemoRequested: true)));

    [Theory]
    [InlineData(null, "is missing")]
    [InlineData("", "is missing")]
    [InlineData("0123456789abcdef0123456789abcd", "shorter than 32")]
    [InlineData("CHANGE-ME-TO-48-RANDOM-BYTES-BASE64-CHANGE-ME-CHANGE-ME", "\"change\"")]
    [InlineData("my-placeholder-signing-key-for-staff-tokens", "\"placeholder\"")]
    [InlineData("an-example-signing-key-0123456789-abcdefgh", "\"example\"")]
    [InlineData("the-jwt-secret-of-crmactors-0123456789-xyz", "\"secret\"")]
    [InlineData("Password1Password1Password1Password1", "\"password\"")]
    [InlineData("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "repeated")]
    [InlineData("ababababababababababababababababab", "repeated")]
    public void A_missing_short_or_placeholder_signing_key_is_a_problem(string? key, string why)
    {
        var problem = Assert.Single(ProductionConfiguration.Problems(Auth(key), Client));
        Assert.StartsWith(ProductionConfiguration.SigningKeyKey, problem);
        Assert.Contains(why, problem);
        if (!string.IsNullOrEmpty(key)) Assert.DoesNotContain(key, problem);
    }

    [Theory]
    [InlineData("demo-ingest-key")]
    [InlineData("CHANGE-ME")]
    [InlineData("ingest-api-key-example")]
    [InlineData("00000000")]
    public void A_placeholder_ingest_key_is_a_problem_naming_its_position(string key)
    {
        var problem = Assert.Single(ProductionConfiguration.Problems(Auth(GoodKey, "Zx81-kq02-PLm3-vv7T-0aa9", key), Client));
        Assert.StartsWith(ProductionConfiguration.IngestApiKeysKey + ":1:Key (p1) ", problem);
        Assert.DoesNotContain(key, problem);
    }

    [Fact]
    public void A_staff_password_hash_left_as_a_placeholder_is_a_problem()
    {
        var auth = Auth();
        auth.Staff = [
            new StaffUser { Username = "ops", Role = Roles.Admin, PasswordHash = StaffDirectory.HashPassword("Zx81-kq02-PLm3") },
            new StaffUser { Username = "admin", Role = Roles.Admin, PasswordHash = "CHANGE-ME" },
        ];
        var problem = Assert.Single(ProductionConfiguration.Problems(auth, Client));
        Assert.StartsWith(ProductionConfiguration.StaffKey + ":1:PasswordHash (admin)", problem);
    }

    [Fact]
    public void Demo_identities_in_a_durable_mode_are_a_problem()
    {
        var problem = Assert.Single(ProductionConfiguration.Problems(Auth(), new HostingInfo(HostingMode.Postgres, DemoRequested: true)));
        Assert.StartsWith(HostingInfo.DemoKey, problem);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var problems = ProductionConfiguration.Problems(Auth("CHANGE-ME", "CHANGE-ME"), new HostingInfo(HostingMode.Client, DemoRequested: true));
        Assert.Equal(3, problems.Count);
    }

    /// <summary>The templates in deploy/ are exactly what an operator might forget to fill in.</summary>
    [Fact]
    public void Every_secret_the_deploy_templates_ship_is_recognised_as_a_placeholder()
    {
        var root = RepositoryRoot();
        var pattern = new Regex(
            @"(?:Auth__SigningKey=|Auth__IngestApiKeys__\d+(?:__Key)?=|auth-signing-key:\s*|ingest-api-key:\s*|""PasswordHash"":\s*)""?(?<value>[^""\s]+)""?");
        var found = Directory.EnumerateFiles(Path.Combine(root, "deploy"), "*example*", SearchOption.AllDirectories)
            .SelectMany(File.ReadLines)
            .Select(line => pattern.Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["value"].Value)
            .ToList();

        Assert.True(found.Count >= 5, $"expected the signing and ingest keys of deploy/k8s and deploy/systemd and the staff hash, found {found.Count}");
        Assert.All(found, value => Assert.NotNull(PlaceholderSecret.Why(value)));
    }

    [Fact]
    public void Random_keys_as_the_templates_say_to_make_them_are_not_placeholders()
    {
        var random = new Random(2026); // seeded: the same keys every run
        for (int i = 0; i < 500; i++)
        {
            var bytes = new byte[48];
            random.NextBytes(bytes);
            Assert.Null(PlaceholderSecret.Why(Convert.ToBase64String(bytes)));
            Assert.Null(PlaceholderSecret.Why(Convert.ToHexString(bytes)));
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmActors.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root above " + AppContext.BaseDirectory);
    }
}
