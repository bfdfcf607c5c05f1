namespace CrmActors.Api.Auth;

/// <summary>Authentication scheme names (contract "Authentication").</summary>
public static class AuthSchemes
{
    /// <summary>Card and core-banking systems: <c>Authorization: ApiKey &lt;key&gt;</c>.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>Staff using the API: <c>Authorization: Bearer &lt;token from POST /api/v1/auth/token&gt;</c>.</summary>
    public const string Bearer = "Bearer";

    /// <summary>Staff using the web pages.</summary>
    public const string Cookie = "Cookies";

    /// <summary>The default: picks one of the three by what the request carries.</summary>
    public const string Selector = "CrmActors";
}

/// <summary>The roles of the contract.</summary>
public static class Roles
{
    public const string Ingest = "ingest";
    public const string Teller = "teller";
    public const string Manager = "manager";
    public const string Admin = "admin";

    public static bool IsStaff(string? role) => role is Teller or Manager or Admin;
}

/// <summary>Claim types every identity carries (short names; inbound claim mapping is off).</summary>
public static class CrmClaims
{
    public const string Name = "name";
    public const string Role = "role";
    /// <summary>A teller's branch.</summary>
    public const string Branch = "branch";
    /// <summary>A relationship manager's id: their portfolio is the customers whose profile names them.</summary>
    public const string ManagerId = "managerId";
}

/// <summary>Authorization policies.</summary>
public static class Policies
{
    public const string Ingest = "ingest";
    public const string Staff = "staff";
    public const string ManualStar = "manual-star";
    public const string Admin = "admin";
}
