using System.Security.Cryptography;
using System.Text;
using CrmActors.Api.Hosting;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Auth;

/// <summary>The API keys of card and core-banking systems (<c>Auth:IngestApiKeys</c>, plus the demo key in embedded
/// mode). Keeps only SHA-256 digests and compares them in constant time.</summary>
public sealed class IngestKeys
{
    private readonly List<byte[]> _digests = [];

    public IngestKeys(IOptions<AuthOptions> options, HostingInfo hosting)
    {
        var keys = options.Value.IngestApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (hosting.Demo && options.Value.DemoIdentities) keys.Add(DemoIdentities.IngestApiKey);
        foreach (var key in keys.Distinct(StringComparer.Ordinal)) _digests.Add(Digest(key));
    }

    public int Count => _digests.Count;

    /// <summary>The number of the matching key (a name for logs that does not reveal the key), or -1.</summary>
    public int Match(string presented)
    {
        var digest = Digest(presented);
        int match = -1;
        for (int i = 0; i < _digests.Count; i++)
            if (CryptographicOperations.FixedTimeEquals(digest, _digests[i])) match = i;
        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
