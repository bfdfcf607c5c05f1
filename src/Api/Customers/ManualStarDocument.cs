namespace CrmActors.Api.Customers;

/// <summary>The body of <c>POST …/manual-star</c>, for the OpenAPI document (the endpoint reads a JSON DOM).</summary>
/// <param name="Star">unrated, quasi, 3, 4, 5, 6 or 7.</param>
public sealed record ManualStarDocument(string Star, string Reason, DateTimeOffset? ExpiresAt);
