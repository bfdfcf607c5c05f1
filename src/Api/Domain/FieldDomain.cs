using System.Text;
using CrmActors.Scoring;

namespace CrmActors.Api.Domain;

/// <summary>The declared domain of every string the engine accepts (contract "Extensions": every field has a
/// documented domain; docs/architecture.md lists it). Lengths are counted in characters (Unicode code points), as a
/// database's varchar(n) counts them; identifiers may hold any printable character but no control character (C0, C1)
/// or line/paragraph separator — such a character cannot be stored (PostgreSQL text refuses NUL) or shown, and would
/// make the same id look different on two screens.</summary>
public static class FieldDomain
{
    public const int EventIdMax = 128;          // contract
    public const int CustomerIdMax = 64;        // contract
    public const int AccountIdMax = 64;
    public const int BusinessCodeMax = 32;
    public const int BranchIdMax = 32;
    public const int ManagerIdMax = 64;
    public const int DisplayNameMax = 100;
    public const int ReasonMax = 500;

    /// <summary>The same rule as a JSON-Schema pattern (OpenAPI), for identifiers and free text alike.</summary>
    public const string NoControlPattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]+$";

    /// <summary>Null when <paramref name="value"/> is 1 to <paramref name="max"/> characters with no control
    /// character and not blank; otherwise what is wrong with it.</summary>
    public static string? Problem(string value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) return "must not be empty or blank";
        foreach (char c in value)
            if (IsControl(c)) return "must not contain control characters (U+0000–U+001F, U+007F–U+009F, U+2028, U+2029)";
        // A string never has more code points than UTF-16 units, so only a long one needs counting.
        if (value.Length > max && CodePoints(value) > max) return $"must be 1 to {max} characters";
        return null;
    }

    /// <summary>The same rule as a JSON-Schema pattern for an identifier that names a grain (<see cref="KeyProblem"/>).</summary>
    public const string KeyPattern = "^(?!\\.\\.?$)[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029/{}]+$";

    /// <summary><see cref="Problem"/>, and for an identifier that names a grain and a path segment (customer, branch,
    /// manager): no '/' and not "." or ".." — a read of the customer could never reach it (ASP.NET Core keeps %2F
    /// encoded in a route value, HTTP clients drop dot segments) — and no '{' or '}': Orleans' ADO.NET grain storage
    /// (10.4.2) formats the grain key as a format string, so a brace makes every snapshot write of that grain fail.</summary>
    public static string? KeyProblem(string value, int max)
    {
        if (Problem(value, max) is { } problem) return problem;
        if (value.AsSpan().IndexOfAny("/{}") >= 0) return "must not contain '/', '{' or '}'";
        if (value is "." or "..") return "must not be '.' or '..'";
        return null;
    }

    /// <summary>A customer id as the contract allows it: what ingestion accepts and what a read may name.</summary>
    public static bool IsCustomerId(string value) => KeyProblem(value, CustomerIdMax) is null;

    public static int CodePoints(string s)
    {
        int count = 0;
        foreach (var _ in s.EnumerateRunes()) count++;
        return count;
    }

    private static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029';

    /// <summary>The earliest and latest business time accepted at <paramref name="now"/>.</summary>
    public static (DateTimeOffset Earliest, DateTimeOffset Latest) TimeRange(DateTimeOffset now) =>
        (LedgerDomain.EarliestTime, now + LedgerDomain.MaxFutureSkew);

    /// <summary>Latest manual-star expiry: a setting "until further notice" has no expiry; a date beyond this is a typo.</summary>
    public static readonly DateTimeOffset LatestExpiry = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static string Describe(decimal min, int decimals) =>
        $"must be a number from {min.ToString(System.Globalization.CultureInfo.InvariantCulture)} to " +
        $"{LedgerDomain.MaxMoney.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} with at most {decimals} decimals";
}
