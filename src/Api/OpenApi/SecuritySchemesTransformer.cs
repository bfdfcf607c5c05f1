using CrmActors.Api.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>Documents the two ways API callers authenticate (contract "Authentication"): the ingest API key and the
/// staff bearer token from <c>POST /api/v1/auth/token</c>.</summary>
public sealed class SecuritySchemesTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "CrmActors API";
        document.Info.Description = "Customer star ratings: event ingestion, customer standing, manual adjustment.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[AuthSchemes.ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "Card and core-banking systems: `Authorization: ApiKey <key>` (role ingest).",
        };
        document.Components.SecuritySchemes[AuthSchemes.Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Staff: a token from POST /api/v1/auth/token (roles teller, manager, admin).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(AuthSchemes.ApiKey, document)] = [],
        });
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(AuthSchemes.Bearer, document)] = [],
        });
        return Task.CompletedTask;
    }
}
