namespace CrmActors.Api.Rules;

/// <summary>The body of <c>POST /api/v1/rule-sets</c>, for the OpenAPI document (read by <see cref="RuleSetRequest"/>).
/// Every field but the version may be left out: it is then the active version's.</summary>
public sealed record RuleSetDocument(
    string Version,
    IReadOnlyDictionary<string, decimal>? Rates = null,
    IReadOnlyDictionary<string, decimal>? Thresholds = null,
    int? WindowDays = null,
    int? RatingDayOfMonth = null,
    IReadOnlyDictionary<string, decimal>? FeeCaps = null,
    IReadOnlyDictionary<string, string>? ProductFloors = null);
