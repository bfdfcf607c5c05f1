namespace CrmActors.Api.Auth;

/// <summary>Configuration section <c>Auth</c> (contract "Authentication"). Production configuration ships no
/// identities; the embedded default adds demo identities (<see cref="DemoIdentities"/>).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>API keys of card and core-banking systems; each authenticates as role <c>ingest</c> with its producer's
    /// name, the identity event ids are unique under (several keys may name one producer, e.g. during a rotation).</summary>
    public List<IngestApiKey> IngestApiKeys { get; set; } = [];

    /// <summary>Staff who may sign in.</summary>
    public List<StaffUser> Staff { get; set; } = [];

    /// <summary>HMAC key for staff bearer tokens, at least 32 characters. Embedded mode: random per start when absent
    /// (tokens then die with the process, like everything else there).</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a bearer token lives (a working shift by default).</summary>
    public int TokenLifetimeMinutes { get; set; } = 480;

    /// <summary>Embedded mode only: add the demo identities. Ignored in any other mode.</summary>
    public bool DemoIdentities { get; set; } = true;
}

/// <summary>One staff member (<c>Auth:Staff:n</c>). <see cref="PasswordHash"/> is ASP.NET Core Identity's
/// PBKDF2 format; make one with <c>dotnet run --project src/Api -- hash-password</c>.</summary>
public sealed class StaffUser
{
    public string Username { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    /// <summary><c>teller</c>, <c>manager</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "";
    /// <summary>Required for tellers: the branch they serve.</summary>
    public string? BranchId { get; set; }
    /// <summary>Required for managers: the id producers send as a customer's <c>managerId</c>.</summary>
    public string? ManagerId { get; set; }
}

/// <summary>One ingest API key (<c>Auth:IngestApiKeys:n</c>) and the producer it identifies.</summary>
public sealed class IngestApiKey
{
    /// <summary>The producer's name: 1–64 of letters, digits, '.', '_' and '-'. Changing it changes the identity
    /// its event ids are unique under, so keep it when rotating keys.</summary>
    public string Producer { get; set; } = "";
    public string Key { get; set; } = "";
}
