using CrmActors.Scoring;

namespace CrmActors.Abstractions.Rules;

/// <summary>A customer computed under the pending rule set version (issue 12): <c>shadow</c> of a customer read.</summary>
[GenerateSerializer, Immutable, Alias("crm.ShadowStanding")]
public sealed record ShadowStanding(
    [property: Id(0)] string Version,
    [property: Id(1)] decimal Points,
    [property: Id(2)] Star ContributionStar,
    [property: Id(3)] Star ServiceStar);
