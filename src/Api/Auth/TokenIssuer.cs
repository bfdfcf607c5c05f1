using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CrmActors.Api.Auth;

/// <summary>Issues staff bearer tokens carrying the claims the access rules need: role, branch, managerId.</summary>
/// <remarks>Token lifetimes run on the wall clock (<see cref="TimeProvider.System"/>), not on the business clock the
/// star model uses: the bearer handler validates them against the wall clock.</remarks>
public sealed class TokenIssuer(SigningKey signingKey, IOptions<AuthOptions> options)
{
    private static readonly JsonWebTokenHandler Handler = new();

    public IssuedToken Issue(StaffUser user)
    {
        var now = TimeProvider.System.GetUtcNow();
        var expires = now.AddMinutes(Math.Max(1, options.Value.TokenLifetimeMinutes));
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Sub] = user.Username,
            [CrmClaims.Name] = user.Username,
            [CrmClaims.Role] = user.Role,
        };
        if (user.BranchId is { Length: > 0 } branch) claims[CrmClaims.Branch] = branch;
        if (user.ManagerId is { Length: > 0 } manager) claims[CrmClaims.ManagerId] = manager;

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SigningKey.Issuer,
            Audience = SigningKey.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }

    /// <summary>What the bearer handler accepts: tokens this process (or one sharing the key) issued.</summary>
    public static TokenValidationParameters ValidationParameters(SigningKey key) => new()
    {
        ValidIssuer = SigningKey.Issuer,
        ValidAudience = SigningKey.Audience,
        IssuerSigningKey = key.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = CrmClaims.Name,
        RoleClaimType = CrmClaims.Role,
        ClockSkew = TimeSpan.FromMinutes(1),
    };
}

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);
