namespace CrmActors.Api.Http;

/// <summary>A 400 for a single-object body (sign-in, manual star): the same <c>errors</c> list as the ingest
/// endpoint's, without the per-event index.</summary>
public sealed record FieldError(string Field, string Message);

public sealed record FieldErrorsResponse(IReadOnlyList<FieldError> Errors);
