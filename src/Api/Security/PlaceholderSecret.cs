using CrmActors.Api.Auth;

namespace CrmActors.Api.Security;

/// <summary>Recognises a secret that was never replaced: the values the repository ships (deploy/**/*.example*, the
/// demo identities), the words such stand-ins are made of, and one character (or two, three) repeated.</summary>
/// <remarks>The words are six letters or more so that a random key (base64 or hex) practically never contains one
/// by chance.</remarks>
public static class PlaceholderSecret
{
    private static readonly string[] Words = ["change", "placeholder", "example", "sample", "secret", "password"];

    private static readonly string[] Shipped = [DemoIdentities.IngestApiKey, DemoIdentities.Password];

    /// <summary>Fewer distinct characters than this is a pattern, not a secret.</summary>
    private const int MinDistinctCharacters = 4;

    /// <summary>Why <paramref name="value"/> is a placeholder, or null. Never repeats the value (it goes to logs).</summary>
    public static string? Why(string value)
    {
        if (Shipped.Contains(value, StringComparer.Ordinal)) return "is a demo identity's value shipped in the repository";
        foreach (var word in Words)
            if (value.Contains(word, StringComparison.OrdinalIgnoreCase)) return $"contains \"{word}\", the mark of a placeholder";
        if (value.Distinct().Count() < MinDistinctCharacters) return "is a character (or a short pattern) repeated";
        return null;
    }
}
