namespace CrmActors.Api.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>: generated from the endpoints, then made to say what a
/// generated client needs — how to authenticate, one schema per event type, the declared domain of every field — and
/// kept clean under <c>redocly lint</c> (tests/CrmActors.Api.Tests/OpenApi).</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddCrmOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddSchemaTransformer<DeclaredDomainTransformer>();
            o.AddOperationTransformer<OperationConventions>();
            o.AddDocumentTransformer<SecuritySchemesTransformer>();
            o.AddDocumentTransformer<EventUnionTransformer>();
            o.AddDocumentTransformer<DocumentConventions>();
        });
}
