using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CrmActors.Api.Hosting;
using Microsoft.Extensions.Options;

namespace CrmActors.Api.Auth;

/// <summary>The API keys of card and core-banking systems (<c>Auth:IngestApiKeys</c>, plus the demo key where demo
/// identities are on), each naming its producer. Keeps only SHA-256 digests and compares them in constant time.</summary>
public sealed partial class IngestKeys
{
    private readonly List<(byte[] Digest, string Producer)> _keys = [];

    public IngestKeys(IOptions<AuthOptions> options, HostingInfo hosting)
    {
        var keys = options.Value.IngestApiKeys.Where(k => !string.IsNullOrWhiteSpace(k.Key)).ToList();
        if (hosting.Demo && options.Value.DemoIdentities)
            keys.Add(new IngestApiKey { Producer = DemoIdentities.Producer, Key = DemoIdentities.IngestApiKey });
        foreach (var key in keys.DistinctBy(k => k.Key, StringComparer.Ordinal))
        {
            if (!ProducerName().IsMatch(key.Producer))
                throw new InvalidOperationException(
                    $"{AuthOptions.Section}:IngestApiKeys: producer '{key.Producer}' must be 1–64 letters, digits, '.', '_' or '-'.");
            _keys.Add((Digest(key.Key), key.Producer));
        }
    }

    public int Count => _keys.Count;

    /// <summary>The producer of the matching key, or null.</summary>
    public string? Match(string presented)
    {
        var digest = Digest(presented);
        string? match = null;
        foreach (var (known, producer) in _keys)
            if (CryptographicOperations.FixedTimeEquals(digest, known)) match = producer;
        return match;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProducerName();
}
