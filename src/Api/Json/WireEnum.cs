using System.Collections.Frozen;
using System.Text.Json;

namespace CrmActors.Api.Json;

/// <summary>The contract's camelCase names of an enum (contract: "JSON uses camelCase"), matched exactly:
/// <c>shortTermAssets</c> is valid, <c>ShortTermAssets</c> and <c>shorttermassets</c> are not.</summary>
public static class WireEnum<T> where T : struct, Enum
{
    private static readonly FrozenDictionary<string, T> ByName =
        Enum.GetValues<T>().ToFrozenDictionary(v => Name(v), v => v, StringComparer.Ordinal);

    /// <summary>The accepted names, in declaration order, for error messages.</summary>
    public static string Names { get; } = string.Join(", ", Enum.GetValues<T>().Select(Name));

    public static bool TryParse(string? text, out T value)
    {
        value = default;
        return text is not null && ByName.TryGetValue(text, out value);
    }

    public static string Name(T value) => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
