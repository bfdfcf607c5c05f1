using System.Security.Cryptography;
using System.Text;
using CrmActors.Api.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CrmActors.Api.Auth;

/// <summary>The HMAC key that signs staff bearer tokens: <c>Auth:SigningKey</c>, or in embedded mode a random key per
/// start when none is configured.</summary>
public sealed class SigningKey
{
    public const int MinimumLength = 32; // HS256 wants at least 256 bits

    public SigningKey(IOptions<AuthOptions> options, HostingInfo hosting)
    {
        var configured = options.Value.SigningKey;
        byte[] bytes;
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < MinimumLength)
                throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey must be at least {MinimumLength} characters.");
            bytes = Encoding.UTF8.GetBytes(configured);
        }
        else if (hosting.Demo)
        {
            bytes = RandomNumberGenerator.GetBytes(32);
            IsEphemeral = true;
        }
        else
        {
            throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey is required outside embedded mode.");
        }
        Key = new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexString(SHA256.HashData(bytes))[..16] };
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>True when the key is random for this process (tokens do not survive a restart).</summary>
    public bool IsEphemeral { get; }

    public const string Issuer = "crmactors";
    public const string Audience = "crmactors-api";
}
