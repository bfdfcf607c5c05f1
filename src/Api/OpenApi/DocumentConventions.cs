using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>The document-wide parts a reader and the linter expect: what each tag (group of endpoints) is for, and where
/// the API is. The generator names the host the document was fetched from, with a trailing slash; behind a proxy or a
/// load balancer that is not the address callers use, and in tests it is localhost. The API is wherever the document
/// is served, which a relative server URL says in every environment.</summary>
public sealed class DocumentConventions : IOpenApiDocumentTransformer
{
    /// <summary>Each endpoint group (<c>WithTags</c>) and what it serves. A tag missing here fails the lint test.</summary>
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Auth"] = "Staff sign-in for API use: bearer tokens.",
        ["Ingest"] = "Card and core-banking systems send customer events (API key, role ingest).",
        ["Customers"] = "A customer's points, stars and history; the manual star (staff).",
        ["Admin"] = "Operations for admins: changes set aside as dead letters.",
        ["Rule sets"] = "Versions of the star model's figures (admins): proposed in shadow, scheduled from a rating day, their live impact.",
        ["Screens"] = "The staff screens' own endpoints: cookie sign-in, branch desks and portfolios.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && Tags.TryGetValue(name, out var description)) tag.Description ??= description;
        return Task.CompletedTask;
    }
}
