using Microsoft.OpenApi;

namespace CrmActors.Api.OpenApi;

/// <summary>The events of a batch: 1 to <paramref name="maxItems"/> (contract "Ingesting events"); more is a 413.</summary>
public sealed class DomainBatchAttribute(int maxItems) : DomainAttribute
{
    public int MaxItems => maxItems;

    protected override void Apply(OpenApiSchema schema)
    {
        schema.MinItems = 1;
        schema.MaxItems = maxItems;
        Describe(schema, $"1 to {maxItems} events. A larger batch is answered 413; an invalid event, 400 with every error " +
            "of the batch. Either way nothing of the batch is applied.");
    }
}
