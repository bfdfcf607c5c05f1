using CrmActors.Api.Ingest;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>Makes the event schema an exact union. The generator writes a polymorphic type as <c>anyOf</c>, which lets an
/// object match several types; an event is exactly one type, chosen by <c>type</c>, so <c>oneOf</c>. Each type's schema
/// is an object that requires its discriminator, named after its class (<c>BalanceEventDocument</c>, not the
/// generator's base-plus-class <c>EventDocumentBalanceEventDocument</c>): the names a generated client's classes get.</summary>
public sealed class EventUnionTransformer : IOpenApiDocumentTransformer
{
    public const string Discriminator = "type";

    private const string Union = nameof(EventDocument);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null || !schemas.TryGetValue(Union, out var found) || found is not OpenApiSchema union
            || union.Discriminator?.Mapping is not { Count: > 0 } mapping)
            throw new InvalidOperationException($"The OpenAPI document has no polymorphic {Union} schema: the events body is not described.");

        foreach (var (value, reference) in mapping.ToList())
        {
            string id = reference.Reference.Id!;
            if (!schemas.Remove(id, out var typed) || typed is not OpenApiSchema one) continue;
            one.Type = JsonSchemaType.Object;
            one.Required ??= new HashSet<string>();
            one.Required.Add(Discriminator);
            string name = id.StartsWith(Union, StringComparison.Ordinal) && id.Length > Union.Length ? id[Union.Length..] : id;
            document.AddComponent<IOpenApiSchema>(name, one);
            mapping[value] = new OpenApiSchemaReference(name, document);
        }
        union.AnyOf = null;
        union.OneOf = [.. mapping.Values];
        union.Description = "One event; its `type` selects the schema, and so the fields it must have.";
        return Task.CompletedTask;
    }
}
