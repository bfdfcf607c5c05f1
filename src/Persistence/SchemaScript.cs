using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CrmActors.Persistence;

/// <summary>One versioned schema script, embedded in this assembly as <c>Schema/NNN_name.sql</c>.</summary>
/// <remarks>A script, once released, is never edited: a change is a new script with the next number. The migrator
/// records each script's checksum and warns when an applied script no longer matches.</remarks>
public sealed record SchemaScript(int Version, string Name, string Sql)
{
    private const string ResourcePrefix = "CrmActors.Persistence.Schema.";
    private static readonly Regex FileName = new(@"^(?<version>\d{3})_(?<name>[a-z0-9_]+)\.sql$", RegexOptions.CultureInvariant);

    /// <summary>SHA-256 of the script text with line endings normalized, hex.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>Every embedded script, in version order. Throws if two share a version or a name is malformed.</summary>
    public static IReadOnlyList<SchemaScript> All { get; } = Load();

    private static IReadOnlyList<SchemaScript> Load()
    {
        var assembly = typeof(SchemaScript).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var file = resource[ResourcePrefix.Length..];
            var match = FileName.Match(file);
            if (!match.Success)
                throw new InvalidOperationException($"Schema script '{file}' is not named NNN_lower_case_name.sql.");
            scripts.Add(new SchemaScript(int.Parse(match.Groups["version"].Value), match.Groups["name"].Value, Read(assembly, resource)));
        }
        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < scripts.Count; i++)
            if (scripts[i].Version == scripts[i - 1].Version)
                throw new InvalidOperationException($"Two schema scripts have version {scripts[i].Version}.");
        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
