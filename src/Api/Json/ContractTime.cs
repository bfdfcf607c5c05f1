using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmActors.Api.Json;

/// <summary>Contract: "times are ISO-8601 with an offset". A time without an offset is refused, never guessed.</summary>
public static partial class ContractTime
{
    public const string Expected = "must be an ISO-8601 time with an offset, e.g. 2026-11-23T10:00:00+08:00";

    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && Pattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
