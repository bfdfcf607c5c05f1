namespace CrmActors.Api.Auth;

/// <summary>The identities the embedded default ships (contract "Authentication": documented in the README, logged
/// as demonstration-only). Active only in embedded mode; production configuration has none.</summary>
public static class DemoIdentities
{
    public const string IngestApiKey = "demo-ingest-key";

    /// <summary>The producer the demo API key identifies.</summary>
    public const string Producer = "demo";
    public const string Password = "demo";

    public static IReadOnlyList<DemoStaff> Staff { get; } =
    [
        new("teller-b001", Roles.Teller, BranchId: "B001"),
        new("teller-b002", Roles.Teller, BranchId: "B002"),
        new("rm-m001", Roles.Manager, ManagerId: "M001"),
        new("rm-m002", Roles.Manager, ManagerId: "M002"),
        new("admin", Roles.Admin),
    ];

    public sealed record DemoStaff(string Username, string Role, string? BranchId = null, string? ManagerId = null)
    {
        public string Describe() => Role switch
        {
            Roles.Teller => $"teller, branch {BranchId}",
            Roles.Manager => $"relationship manager {ManagerId}",
            _ => Role,
        };
    }
}
