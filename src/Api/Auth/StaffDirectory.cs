using CrmActors.Api.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Auth;

/// <summary>The staff who may sign in: <c>Auth:Staff</c>, plus the demo staff in embedded mode. Passwords are checked
/// against PBKDF2 hashes (ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> format).</summary>
public sealed class StaffDirectory
{
    private static readonly PasswordHasher<StaffUser> Hasher = new();
    private readonly Dictionary<string, StaffUser> _users = new(StringComparer.Ordinal);
    // Verified when the user name is unknown, so a wrong name costs as long as a wrong password.
    private readonly string _decoyHash = Hasher.HashPassword(new StaffUser(), Guid.NewGuid().ToString());

    public StaffDirectory(IOptions<AuthOptions> options, HostingInfo hosting)
    {
        foreach (var user in options.Value.Staff) Add(user);
        if (hosting.Demo && options.Value.DemoIdentities)
        {
            foreach (var demo in DemoIdentities.Staff)
            {
                if (_users.ContainsKey(demo.Username)) continue; // configured users win
                var user = new StaffUser
                {
                    Username = demo.Username, Role = demo.Role, BranchId = demo.BranchId, ManagerId = demo.ManagerId,
                };
                user.PasswordHash = Hasher.HashPassword(user, DemoIdentities.Password);
                Add(user);
            }
        }
    }

    public IReadOnlyCollection<StaffUser> Users => _users.Values;

    /// <summary>The user when the password matches, else null.</summary>
    public StaffUser? Verify(string username, string password)
    {
        if (!_users.TryGetValue(username, out var user))
        {
            Hasher.VerifyHashedPassword(new StaffUser(), _decoyHash, password);
            return null;
        }
        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        return result is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded ? user : null;
    }

    public static string HashPassword(string password) => Hasher.HashPassword(new StaffUser(), password);

    private void Add(StaffUser user)
    {
        if (string.IsNullOrWhiteSpace(user.Username)) throw Invalid(user, "has no Username");
        if (string.IsNullOrWhiteSpace(user.PasswordHash)) throw Invalid(user, "has no PasswordHash");
        switch (user.Role)
        {
            case Roles.Teller when string.IsNullOrWhiteSpace(user.BranchId):
                throw Invalid(user, "is a teller without BranchId");
            case Roles.Manager when string.IsNullOrWhiteSpace(user.ManagerId):
                throw Invalid(user, "is a manager without ManagerId");
            case Roles.Teller or Roles.Manager or Roles.Admin:
                break;
            default:
                throw Invalid(user, $"has Role '{user.Role}'; expected teller, manager or admin");
        }
        if (!_users.TryAdd(user.Username, user)) throw Invalid(user, "is listed twice");
    }

    private static InvalidOperationException Invalid(StaffUser user, string problem) =>
        new($"{AuthOptions.Section}:Staff entry '{user.Username}' {problem}.");
}
