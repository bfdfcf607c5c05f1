using CrmActors.Api.Domain;
using CrmActors.Api.OpenApi;

namespace CrmActors.Api.Customers;

/// <summary>The body of <c>POST …/manual-star</c>, for the OpenAPI document (the endpoint reads a JSON DOM:
/// <see cref="ManualStarRequest"/>, whose domain the attributes state).</summary>
public sealed record ManualStarDocument(
    [property: DomainStar] string Star,
    [property: DomainText(FieldDomain.ReasonMax, About = "Why; kept in the history.")] string Reason,
    [property: DomainExpiry] DateTimeOffset? ExpiresAt = null);
