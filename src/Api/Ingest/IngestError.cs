namespace CrmActors.Api.Ingest;

/// <summary>One entry of the contract's 400 answer (contract "Ingesting events"):
/// <c>{ "index": i, "eventId": "...", "field": "...", "message": "..." }</c>. Index -1 is the body as a whole.</summary>
public sealed record IngestError(int Index, string? EventId, string Field, string Message);

/// <summary>The 400 (and 409) body: every error of the batch, not only the first.</summary>
public sealed record IngestErrorsResponse(IReadOnlyList<IngestError> Errors);

/// <summary>The 202 body: events newly accepted and events already seen with the same content.</summary>
public sealed record IngestAcceptedResponse(int Accepted, int Duplicates);
